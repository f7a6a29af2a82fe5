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

/**
 * The operator's status page at the office (Indonesian): uplink, bundles waiting, last forward,
 * courses mirrored, phones seen today, and the QR phones scan in Settings → "Hub kantor". No script
 * and no inline style (the CSP allows neither); it reloads itself every 30 seconds.
 */
export function renderHubPage(
  status: HubStatus,
  origin: string,
  keyFingerprint: string,
): HtmlEscapedString | Promise<HtmlEscapedString> {
  const address = hubQrText(origin, status.hubId ?? null, keyFingerprint);
  const qr = `data:image/svg+xml;base64,${Buffer.from(renderSVG(address, { border: 2 })).toString('base64')}`;
  const kecamatan = status.kecamatan ? `${status.kecamatan.name} (${status.kecamatan.code})` : 'belum terhubung';
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
        <dl>
          <dt>Koneksi ke server pusat</dt>
          <dd data-testid="uplink">${status.uplink === 'up' ? 'Tersambung' : 'Terputus'}</dd>
          <dt>Kiriman hasil menunggu diteruskan</dt>
          <dd data-testid="waiting">${status.waitingBundles ?? 0}</dd>
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
