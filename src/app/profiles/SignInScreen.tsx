import '../i18n/screen-messages';
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { db } from '../../db/database';
import { keepHubHeldKey, makeKeyPair } from '../../db/device-key';
import { reachableHub } from '../../sync/choose-sync-target';
import { apiErrorMessage } from '../api/api-error-message';
import { pinCoursePublishers } from '../courses/pin-course-publishers';
import { useDraft } from '../util/use-draft';
import type { MessageKey } from '../i18n/messages';
import { t } from '../i18n/t';
import { rememberSignIn } from './active-profile';
import { deviceId } from '../sync/device-id';
import { requestSync } from '../sync/request-sync';
import { signInRequest } from './sign-in-request';

/**
 * Sign-in once while online, with a password or the operator's one-time enrolment code (a scanned
 * QR opens `/masuk?kode=…` with the code filled in); a code also at the office's hub with its uplink down. The typed username survives reloads and updates.
 */
export function SignInScreen() {
  const { route, query } = useLocation();
  const [mode, setMode] = useState<'password' | 'code'>(query.kode ? 'code' : 'password');
  // Read-only until the saved username is restored: a restore that lands while text is going in
  // sets the field's value under the caret, and what was typed then follows the old name
  // ("operator" became "pmd.kulonprogooperator" and the sign-in was refused).
  const [username, setUsername, usernameRestored] = useDraft('signIn.username');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState(query.kode ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);
  // The app opened with a signal, before anyone signs in: pin who may publish which course, so a
  // learner who then enrols at a hub without a signal can download courses from it (the phone
  // trusts a hub's course only under a publisher key pinned from the national server).
  useEffect(() => void pinCoursePublishers(), []);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    // At the office the hub set in Settings takes enrolment codes, also while its uplink is down.
    const hub = await reachableHub(db, (input, init) => fetch(input, init));
    // A code at the office carries a new device key: the hub registers it with the enrolment.
    const officeKey = hub && mode === 'code' ? await makeKeyPair() : null;
    const result = await signInRequest(
      mode === 'password' ? { mode, username, password } : { mode, code },
      deviceId(),
      hub?.baseUrl ?? null,
      officeKey?.publicKey,
    );
    setBusy(false);
    if (!result.ok) {
      setError(apiErrorMessage(result.code));
      return;
    }
    await rememberSignIn(result.data);
    if (officeKey && result.data.deviceKey === 'held') {
      await keepHubHeldKey(db, result.data.account.id, deviceId(), officeKey, Date.now());
    }
    setPassword('');
    setCode('');
    void requestSync(); // work done before this sign-in (or a 401) goes out now
    route('/');
  }

  return (
    <section aria-labelledby="signin-title">
      <h1 id="signin-title">{t('signIn.title')}</h1>
      <p>{t('signIn.intro')}</p>
      <form class="form" onSubmit={submit}>
        {mode === 'password' ? (
          <>
            <label for="username">{t('signIn.username')}</label>
            <input
              id="username"
              name="username"
              autocomplete="username"
              autocapitalize="none"
              value={username}
              readOnly={!usernameRestored}
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
          </>
        ) : (
          <>
            <label for="code">{t('signIn.code')}</label>
            <input
              id="code"
              name="code"
              autocomplete="one-time-code"
              autocapitalize="characters"
              spellcheck={false}
              aria-describedby="code-hint"
              value={code}
              onInput={(e) => setCode(e.currentTarget.value)}
              required
            />
            <small id="code-hint">{t('signIn.code.hint')}</small>
          </>
        )}
        {error && (
          <p class="form__error" role="alert">
            {t(error)}
          </p>
        )}
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? t('signIn.busy') : t('signIn.submit')}
        </button>
        <button
          type="button"
          class="button button--link"
          onClick={() => {
            setError(null);
            setMode(mode === 'password' ? 'code' : 'password');
          }}
        >
          {mode === 'password' ? t('signIn.withCode') : t('signIn.withPassword')}
        </button>
      </form>
    </section>
  );
}
