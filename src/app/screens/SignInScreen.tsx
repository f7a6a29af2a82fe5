import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { LoginResponse } from '../../shared/auth-protocol';
import { apiFetch } from '../api/api-fetch';
import { useDraft } from '../hooks/use-draft';
import type { MessageKey } from '../i18n/messages';
import { t } from '../i18n/t';
import { rememberSignIn } from '../state/profiles';
import { deviceId } from '../state/device-id';

const KNOWN_ERRORS = new Set(['invalid_credentials', 'too_many_attempts', 'offline']);

/** Sign-in once while online; the typed username survives reloads and updates. */
export function SignInScreen() {
  const [username, setUsername] = useDraft('signIn.username');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);
  const { route } = useLocation();

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await apiFetch<LoginResponse>('/api/auth/login', {
      method: 'POST',
      body: JSON.stringify({ username, password, deviceId: deviceId() }),
    });
    setBusy(false);
    if (!result.ok) {
      setError(KNOWN_ERRORS.has(result.code) ? (`error.${result.code}` as MessageKey) : 'error.unknown');
      return;
    }
    await rememberSignIn(result.data);
    setPassword('');
    route('/');
  }

  return (
    <section aria-labelledby="signin-title">
      <h1 id="signin-title">{t('signIn.title')}</h1>
      <p>{t('signIn.intro')}</p>
      <form class="form" onSubmit={submit}>
        <label for="username">{t('signIn.username')}</label>
        <input
          id="username"
          name="username"
          autocomplete="username"
          autocapitalize="none"
          value={username}
          onInput={(e) => setUsername(e.currentTarget.value)}
          required
        />
        <label for="password">{t('signIn.password')}</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
          required
        />
        {error && (
          <p class="form__error" role="alert">
            {t(error)}
          </p>
        )}
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? t('signIn.busy') : t('signIn.submit')}
        </button>
      </form>
    </section>
  );
}
