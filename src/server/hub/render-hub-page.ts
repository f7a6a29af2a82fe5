import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { renderSVG } from 'uqr';
import type { HubStatus } from './hub-protocol';

/**
 * The address phones scan (or paste) from the operator's page: the hub's own origin, its id and
 * its identity key's fingerprint. The phone keeps the origin and pins the fingerprint; before each
 * sync it checks that `/api/hub/status` there answers this id, signed by that key.
 */
export const hubQrText = (origin: string, hubId: string | null, keyFingerprint: string) =>
  hubId ? `${origin}/hub?id=${encodeURIComponent(hubId)}&k=${keyFingerprint}` : `${origin}/hub`;

const when = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString('id-ID', { timeZone: 'Asia/Jakarta' }) + ' WIB' : 'belum pernah';

/** How long ago, in the page's words: "5 menit", "3 jam", "2 hari" (a clock a little ahead reads "0 menit"). */
export const ageText = (iso: string, now: number) => {
  const minutes = Math.max(0, Math.floor((now - new Date(iso).getTime()) / 60_000));
  if (minutes < 60) return `${minutes} menit`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} jam`;
  return `${Math.floor(minutes / (24 * 60))} hari`;
};

/**
 * The operator's status page at the office (Indonesian): first what needs a person (the national
 * server refusing the hub's key), then uplink, bundles and office enrolments waiting (with the
 * oldest's age: one waiting for days means the uplink is not doing its job), last forward, courses
 * mirrored, phones seen today, and the QR phones scan in Settings → "Hub kantor". No script and no
 * inline style (the CSP allows neither); it reloads itself every 30 seconds.
 */
export function renderHubPage(
  status: HubStatus,
  origin: string,
  keyFingerprint: string,
  now = Date.now(),
): HtmlEscapedString | Promise<HtmlEscapedString> {
  const address = hubQrText(origin, status.hubId ?? null, keyFingerprint);
  const qr = `data:image/svg+xml;base64,${Buffer.from(renderSVG(address, { border: 2 })).toString('base64')}`;
  const kecamatan = status.kecamatan ? `${status.kecamatan.name} (${status.kecamatan.code})` : 'belum terhubung';
  const enrolments = status.waitingEnrolments ?? 0;
  const oldest = status.oldestWaitingEnrolmentAt;
  const refused = status.identityRefused
    ? html`<p role="alert" data-testid="identity-refused">
        <strong>Kunci hub ini ditolak server nasional.</strong> Minta admin mencabut hub ini dan menerbitkan kredensial
        baru. (Sejak ${when(status.identityRefused.at)}; sampai itu ponsel tidak akan memercayai hub ini.)
      </p>`
    : '';
  return html`<!doctype html>
    <html lang="id">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta http-equiv="refresh" content="30" />
        <title>Hub Lentera — ${kecamatan}</title>
      </head>
      <body>
        <h1>Hub Lentera kecamatan ${kecamatan}</h1>
        ${refused}
        <dl>
          <dt>Koneksi ke server pusat</dt>
          <dd data-testid="uplink">${status.uplink === 'up' ? 'Tersambung' : 'Terputus'}</dd>
          <dt>Kiriman hasil menunggu diteruskan</dt>
          <dd data-testid="waiting">${status.waitingBundles ?? 0}</dd>
          <dt>Pendaftaran di kantor menunggu diteruskan</dt>
          <dd data-testid="waiting-enrolments">
            ${enrolments}${enrolments > 0 && oldest ? ` (terlama ${ageText(oldest, now)})` : ''}
          </dd>
          <dt>Terakhir diteruskan</dt>
          <dd>${when(status.lastForwardAt)}</dd>
          <dt>Kursus tersimpan di hub</dt>
          <dd>${status.coursesMirrored ?? 0}</dd>
          <dt>Ponsel yang mengirim hari ini</dt>
          <dd>${status.phonesSeenToday ?? 0}</dd>
        </dl>
        <h2>Sambungkan ponsel</h2>
        <p>Di aplikasi Lentera buka Pengaturan → "Hub kantor", lalu pindai kode ini atau ketik alamatnya.</p>
        <img src="${qr}" width="240" height="240" alt="Kode QR alamat hub" />
        <p data-testid="address">${address}</p>
      </body>
    </html>`;
}
