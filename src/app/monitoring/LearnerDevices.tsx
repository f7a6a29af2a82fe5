import '../i18n/staff-messages';
import { useState } from 'preact/hooks';
import type { RegionLearner } from '../../shared/monitoring/learner-list';
import type { LearnerDevice } from '../../shared/sync/bundle-protocol';
import { apiErrorMessage } from '../api/api-error-message';
import type { MessageKey } from '../i18n/messages';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/t';
import { fetchLearnerDevices, revokeDevice } from './learners-api';
import { useApi } from './use-api';

const KEY_STATE: Record<LearnerDevice['keyState'], MessageKey> = {
  none: 'learners.device.key.none',
  active: 'learners.device.key.active',
  revoked: 'learners.device.key.revoked',
};

/** A learner's phones (last sync, app version) and revoking one that was lost or handed on. */
export function LearnerDevices({
  token,
  learner,
  onClose,
}: {
  token: string;
  learner: RegionLearner;
  onClose: () => void;
}) {
  const [reload, setReload] = useState(0);
  const devices = useApi(`${learner.id}#${reload}`, () => fetchLearnerDevices(token, learner.id));
  return (
    <section class="monitoring__section learner-devices" aria-labelledby="devices-title" data-testid="learner-devices">
      <h3 id="devices-title">{t('learners.device.title', { name: learner.name })}</h3>
      {devices.state === 'loading' && <p>{t('mon.loading')}</p>}
      {devices.state === 'error' && <p role="alert">{t(apiErrorMessage(devices.code))}</p>}
      {devices.state === 'ready' && devices.data.devices.length === 0 && <p>{t('learners.device.none')}</p>}
      {devices.state === 'ready' && devices.data.devices.length > 0 && (
        <ul class="learner-devices__list">
          {devices.data.devices.map((d) => (
            <DeviceItem key={d.deviceId} token={token} device={d} onRevoked={() => setReload((n) => n + 1)} />
          ))}
        </ul>
      )}
      <button type="button" class="button" onClick={onClose}>
        {t('learners.device.close')}
      </button>
    </section>
  );
}

function DeviceItem({ token, device, onRevoked }: { token: string; device: LearnerDevice; onRevoked: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function revoke(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const answer = await revokeDevice(token, device.deviceId, reason);
    setBusy(false);
    if (answer.ok) onRevoked();
    else setError(t(apiErrorMessage(answer.code)));
  }
  const reasonId = `revoke-${device.deviceId}`;
  return (
    <li>
      <p>
        <strong>{t('learners.device.name', { id: device.deviceId.slice(0, 8) })}</strong>
        <br />
        {t('learners.device.lastSync', { time: formatDateTime(device.lastSyncAt) })} ·{' '}
        {t('learners.device.version', { version: device.appVersion ?? '–' })} · {t(KEY_STATE[device.keyState])}
      </p>
      {device.revokedAt ? (
        <p>
          {t('learners.device.revokedAt', {
            time: formatDateTime(device.revokedAt),
            reason: device.revokeReason ?? '',
          })}
        </p>
      ) : (
        <form class="monitoring__inline" onSubmit={revoke}>
          <label for={reasonId}>{t('learners.device.reason')}</label>
          <input
            id={reasonId}
            value={reason}
            required
            maxLength={500}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
          <button type="submit" class="button" disabled={busy}>
            {t('learners.device.revoke')}
          </button>
        </form>
      )}
      {error && <p role="alert">{error}</p>}
    </li>
  );
}
