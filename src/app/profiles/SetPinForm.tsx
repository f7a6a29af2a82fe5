import { useState } from 'preact/hooks';
import type { Profile } from '../../db/profile';
import type { MessageKey } from '../i18n/messages';
import { t } from '../i18n/t';
import { isValidPin } from './pin-hash';
import { setPin } from './learner';

/** Right after sign-in: the official chooses the PIN that will unlock their profile offline. */
export function SetPinForm({ profile }: { profile: Profile }) {
  const [pin, setPinText] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    if (!isValidPin(pin)) return setError('pin.error.format');
    if (pin !== repeat) return setError('pin.error.mismatch');
    setBusy(true);
    await setPin(profile, pin);
  }

  return (
    <section aria-labelledby="setpin-title">
      <h1 id="setpin-title">{t('pin.set.title', { name: profile.name })}</h1>
      <p>{t('pin.set.intro')}</p>
      <form class="form" onSubmit={submit}>
        <label for="new-pin">{t('pin.new')}</label>
        <input
          id="new-pin"
          type="password"
          inputMode="numeric"
          autocomplete="new-password"
          maxLength={8}
          value={pin}
          onInput={(e) => setPinText(e.currentTarget.value)}
          required
        />
        <label for="repeat-pin">{t('pin.repeat')}</label>
        <input
          id="repeat-pin"
          type="password"
          inputMode="numeric"
          autocomplete="new-password"
          maxLength={8}
          value={repeat}
          onInput={(e) => setRepeat(e.currentTarget.value)}
          required
        />
        {error && (
          <p class="form__error" role="alert">
            {t(error)}
          </p>
        )}
        <button type="submit" class="button button--primary" disabled={busy}>
          {t('pin.set.submit')}
        </button>
      </form>
    </section>
  );
}
