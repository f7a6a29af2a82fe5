import { useEffect, useRef, useState } from 'preact/hooks';
import type { Profile } from '../../db/profile';
import { t } from '../i18n/t';
import { unlockWithPin } from './learner';

/** After this many wrong PINs in a row the form waits, so guessing a 4-digit PIN takes hours. */
const FREE_TRIES = 5;
const WAIT_MS = 30_000;

/** Asks one official for their PIN; works offline, the hash is on the phone. */
export function PinUnlockForm({ profile, onCancel }: { profile: Profile; onCancel: () => void }) {
  const [pin, setPin] = useState('');
  const [failures, setFailures] = useState(0);
  const [waitUntil, setWaitUntil] = useState(0);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    if (!waitUntil) return;
    const timer = setTimeout(() => setWaitUntil(0), waitUntil - Date.now());
    return () => clearTimeout(timer);
  }, [waitUntil]);

  async function submit(event: Event) {
    event.preventDefault();
    if (Date.now() < waitUntil) return;
    setBusy(true);
    const ok = await unlockWithPin(profile.id, pin);
    setBusy(false);
    if (ok) return;
    const count = failures + 1;
    setFailures(count);
    setPin('');
    if (count >= FREE_TRIES) setWaitUntil(Date.now() + WAIT_MS);
    input.current?.focus();
  }

  const waiting = Date.now() < waitUntil;
  return (
    <section aria-labelledby="unlock-title">
      <h1 id="unlock-title">{t('pin.unlock.title', { name: profile.name })}</h1>
      <form class="form" onSubmit={submit}>
        <label for="pin">{t('pin.label')}</label>
        <input
          id="pin"
          ref={input}
          type="password"
          inputMode="numeric"
          autocomplete="current-password"
          maxLength={8}
          value={pin}
          onInput={(e) => setPin(e.currentTarget.value)}
          aria-describedby={failures ? 'pin-error' : undefined}
          required
        />
        {failures > 0 && (
          <p id="pin-error" class="form__error" role="alert">
            {waiting ? t('pin.error.wait') : t('pin.error.wrong')}
          </p>
        )}
        <div class="actions">
          <button type="submit" class="button button--primary" disabled={busy || waiting}>
            {t('pin.unlock.submit')}
          </button>
          <button type="button" class="button" onClick={onCancel}>
            {t('pin.unlock.other')}
          </button>
        </div>
      </form>
      <p>
        <a href="/masuk">{t('pin.forgot')}</a>
      </p>
    </section>
  );
}
