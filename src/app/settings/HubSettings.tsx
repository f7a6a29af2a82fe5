import '../i18n/screen-messages';
import { useEffect, useState } from 'preact/hooks';
import { db } from '../../db/database';
import { deleteState, readState, writeState } from '../../db/sync-state';
import { checkHub, parseHubAddress, probeStoredHub, type HubCheck } from '../../sync/choose-sync-target';
import { useQrScan } from '../certificates/use-qr-scan';
import type { MessageKey } from '../i18n/messages';
import { t } from '../i18n/t';
import { useLiveQuery } from '../util/use-live-query';

/** Checking a hub by hand may wait longer than a sync does: the learner is watching and can retry. */
const CHECK_TIMEOUT_MS = 8_000;

const ERROR: Record<Exclude<HubCheck['kind'], 'hub'>, MessageKey> = {
  bad_address: 'hub.error.bad_address',
  not_hub: 'hub.error.not_hub',
  unreachable: 'hub.error.unreachable',
  not_trusted: 'hub.error.not_trusted',
};

const fetchHub: typeof fetch = (input, init) => fetch(input, init);

/**
 * Settings → "Hub kantor": the learner scans the QR on the operator's hub page (or types the
 * address); the phone keeps it once `/api/hub/status` there answers as a hub, and every sync then
 * tries it first (`chooseSyncTarget`). The hub is trusted for nothing it could forge: the national
 * server verifies every bundle's device signature and the phone every course's publisher signature.
 * It gets a token only after proving it holds the key pinned here (the QR's `k=`, or the national
 * pull's); a stored hub that fails that proof is shown as not verified, and syncs skip it.
 */
export function HubSettings() {
  const hub = useLiveQuery(() => readState(db, 'hub'), []);
  const held = useLiveQuery(() => db.carriedItems.filter((c) => c.fileName.startsWith('hub:')).count(), []);
  const [address, setAddress] = useState('');
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);
  const [untrusted, setUntrusted] = useState(false);

  // Tell the learner when the stored hub does not prove its key (syncs then go to the national server).
  const stored = hub ? `${hub.baseUrl} ${hub.hubId} ${hub.keyFingerprint ?? ''}` : null;
  useEffect(() => {
    if (stored === null) return;
    let live = true;
    void probeStoredHub(db, fetchHub, CHECK_TIMEOUT_MS).then((probe) => {
      if (live) setUntrusted(probe?.check.kind === 'not_trusted');
    });
    return () => {
      live = false;
    };
  }, [stored]);

  const save = async (text: string) => {
    setError(null);
    const parsed = parseHubAddress(text);
    if (!parsed) {
      setError(ERROR.bad_address);
      return;
    }
    setChecking(true);
    try {
      const check = await checkHub(fetchHub, parsed.baseUrl, CHECK_TIMEOUT_MS, {
        hubId: parsed.hubId,
        keyFingerprint: parsed.keyFingerprint,
        knownKeys: await readState(db, 'hubKeys'),
      });
      if (check.kind !== 'hub') {
        setError(ERROR[check.kind]);
        return;
      }
      await writeState(db, 'hub', {
        baseUrl: check.baseUrl,
        hubId: check.hubId,
        kecamatan: check.kecamatan,
        setAt: Date.now(),
        keyFingerprint: check.keyFingerprint,
      });
      setUntrusted(false);
      setAddress('');
    } finally {
      setChecking(false);
    }
  };
  const qr = useQrScan((text) => {
    setAddress(text);
    void save(text);
  });
  const startScan = () => {
    setError(null);
    void qr.start();
  };

  return (
    <div class="hub-settings" data-testid="hub-settings">
      <p>{t('hub.intro')}</p>
      {hub && (
        <div class="notice" data-testid="hub-current">
          <p>
            {hub.kecamatan
              ? t('hub.set', { name: hub.kecamatan.name, code: hub.kecamatan.code })
              : t('hub.setNoKecamatan')}
          </p>
          <p>{t('hub.setAt', { address: hub.baseUrl })}</p>
          {untrusted && (
            <p class="error" role="alert" data-testid="hub-not-trusted">
              {t('hub.notTrusted')}
            </p>
          )}
          <p>{t('hub.how')}</p>
          {held !== undefined && held > 0 && <p data-testid="hub-held">{t('hub.held', { count: held })}</p>}
          <button type="button" class="button" onClick={() => void deleteState(db, 'hub')}>
            {t('hub.remove')}
          </button>
        </div>
      )}
      <p>
        {qr.scanning ? (
          <button type="button" class="button" onClick={qr.stop}>
            {t('hub.stopScan')}
          </button>
        ) : (
          <button type="button" class="button" onClick={startScan}>
            {t('hub.scan')}
          </button>
        )}
      </p>
      {qr.scanning && <p aria-live="polite">{t('hub.scanning')}</p>}
      <video ref={qr.video} style={{ width: '100%', maxWidth: '420px' }} hidden={!qr.scanning} aria-hidden="true" />
      {qr.cameraFailed && <p class="notice">{t('hub.noCamera')}</p>}
      <form
        class="form"
        onSubmit={(e) => {
          e.preventDefault();
          // Read from the field itself: a paste submitted at once may not have re-rendered yet.
          void save(String(new FormData(e.currentTarget).get('address') ?? ''));
        }}
      >
        <label for="hub-address">{t('hub.address')}</label>
        <input
          id="hub-address"
          name="address"
          type="text"
          inputMode="url"
          autocomplete="off"
          spellcheck={false}
          placeholder={t('hub.addressHint')}
          value={address}
          onInput={(e) => setAddress(e.currentTarget.value)}
        />
        <button type="submit" class="button button--primary" disabled={checking}>
          {checking ? t('hub.checking') : t('hub.check')}
        </button>
      </form>
      {error && (
        <p class="error" role="alert" data-testid="hub-error">
          {t(error)}
        </p>
      )}
    </div>
  );
}
