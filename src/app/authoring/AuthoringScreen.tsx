import '../i18n/staff-messages';
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { Profile } from '../../db/profile';
import { apiErrorMessage } from '../api/api-error-message';
import { t } from '../i18n/t';
import { StaffGate } from '../monitoring/StaffGate';
import { useApi } from '../monitoring/use-api';
import { createDraft, fetchDrafts } from './authoring-api';
import { ID_PATTERN } from './NewIdForm';

/** `/penulis`: the courses written in the browser and a form to start one (authors and admins). */
export function AuthoringScreen() {
  return <StaffGate roles={['author', 'admin']}>{(profile) => <DraftList profile={profile} />}</StaffGate>;
}

function DraftList({ profile }: { profile: Profile }) {
  const drafts = useApi('drafts', () => fetchDrafts(profile.token));
  return (
    <section class="monitoring authoring" aria-labelledby="authoring-title">
      <h1 id="authoring-title">{t('author.title')}</h1>
      {drafts.state === 'loading' && <p>{t('mon.loading')}</p>}
      {drafts.state === 'error' && <p role="alert">{t(apiErrorMessage(drafts.code))}</p>}
      {drafts.state === 'ready' &&
        (drafts.data.length === 0 ? (
          <p>{t('author.list.empty')}</p>
        ) : (
          <ul class="authoring__list" data-testid="draft-list">
            {drafts.data.map((d) => (
              <li key={d.id}>
                <a href={`/penulis/${d.id}`}>{d.title}</a>{' '}
                <span>
                  {d.publishedVersion
                    ? t('author.list.published', { version: d.publishedVersion })
                    : t('author.list.draft')}
                </span>
              </li>
            ))}
          </ul>
        ))}
      <CreateDraftForm token={profile.token} />
    </section>
  );
}

function CreateDraftForm({ token }: { token: string }) {
  const { route } = useLocation();
  const [form, setForm] = useState({ id: '', title: '', description: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const answer = await createDraft(token, form);
    setBusy(false);
    if (!answer.ok) {
      setError(t(apiErrorMessage(answer.code, { invalid_request: 'author.create.invalid' })));
      return;
    }
    route(`/penulis/${answer.data.id}`);
  }

  return (
    <form class="form monitoring__section" onSubmit={submit} aria-labelledby="create-course-title">
      <h2 id="create-course-title">{t('author.create.title')}</h2>
      <label for="course-title">{t('author.create.courseTitle')}</label>
      <input
        id="course-title"
        required
        maxLength={200}
        value={form.title}
        onInput={(e) => setForm({ ...form, title: e.currentTarget.value })}
      />
      <label for="course-id">{t('author.create.id')}</label>
      <input
        id="course-id"
        required
        autocapitalize="none"
        pattern={ID_PATTERN}
        value={form.id}
        onInput={(e) => setForm({ ...form, id: e.currentTarget.value })}
      />
      <label for="course-description">{t('author.create.description')}</label>
      <textarea
        id="course-description"
        maxLength={2000}
        rows={3}
        value={form.description}
        onInput={(e) => setForm({ ...form, description: e.currentTarget.value })}
      />
      {error && (
        <p class="form__error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="button button--primary" disabled={busy}>
        {t('author.create.submit')}
      </button>
    </form>
  );
}
