import '../i18n/staff-messages';
import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import type { Profile } from '../../db/profile';
import type { Draft, DraftChanges } from '../../shared/authoring/authoring-api';
import { apiErrorMessage } from '../api/api-error-message';
import type { ResolvedFile } from '../components/render-markdown';
import { formatBytes } from '../i18n/format';
import { t } from '../i18n/t';
import { StaffGate } from '../monitoring/StaffGate';
import { draftProblem, fetchDraft, fetchPreview, mediaObjectUrl, publishDraft, type Preview } from './authoring-api';
import { LessonEditor } from './LessonEditor';
import { MediaUpload } from './MediaUpload';
import { PhonePreview } from './PhonePreview';
import { QuizEditorPanel } from './QuizEditor';
import { QuizImport } from './QuizImport';
import { NewIdForm } from './NewIdForm';

/** `/penulis/:courseId`: lessons, media, quiz import, the question editor, the phone preview, what changed, and Publish. */
export function CourseEditorScreen() {
  return <StaffGate roles={['author', 'admin']}>{(profile) => <CourseEditor profile={profile} />}</StaffGate>;
}

/** Object URLs of the draft's uploads, so the previews show them (an <img> cannot send the token). */
function useMediaUrls(token: string, draft: Draft | null): Map<string, string> {
  const [urls, setUrls] = useState(new Map<string, string>());
  const key = draft?.media.map((m) => m.hash).join() ?? '';
  useEffect(() => {
    if (!draft) return;
    let current = true;
    const made: string[] = [];
    void Promise.all(
      draft.media.map(async (m) => {
        const url = await mediaObjectUrl(token, draft.id, m.name);
        if (url) made.push(url);
        return [m.path, url] as const;
      }),
    ).then((pairs) => {
      if (current) setUrls(new Map(pairs.filter((p): p is [string, string] => p[1] !== null)));
    });
    return () => {
      current = false;
      made.forEach((u) => URL.revokeObjectURL(u));
    };
    // The hashes say when the uploads changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, [key]);
  return urls;
}

function CourseEditor({ profile }: { profile: Profile }) {
  const courseId = useRoute().params.courseId ?? '';
  // The draft stays on screen while it is read again after a change, so the forms keep their messages.
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () =>
    void fetchDraft(profile.token, courseId).then((answer) => {
      if (answer.ok) setDraft(answer.data);
      else setError(answer.code);
    });
  // eslint-disable-next-line react-hooks/exhaustive-deps -- read again only when another course is opened
  useEffect(refresh, [courseId]);
  const urls = useMediaUrls(profile.token, draft);
  const [editing, setEditing] = useState<string | null>(null);

  const resolveFile = (href: string): ResolvedFile | undefined => {
    const media = draft?.media.find((m) => m.path === href);
    const url = urls.get(href);
    return media && url ? { url, type: media.type } : undefined;
  };

  if (error && !draft) return <p role="alert">{t(apiErrorMessage(error))}</p>;
  if (!draft) return <p>{t('mon.loading')}</p>;
  const d = draft;
  const lessonIds = [
    ...d.lessons.map((l) => l.id),
    ...(editing && !d.lessons.some((l) => l.id === editing) ? [editing] : []),
  ];

  return (
    <section class="monitoring authoring" aria-labelledby="editor-title">
      <p>
        <a href="/penulis">{t('author.back')}</a>
      </p>
      <h1 id="editor-title">{d.title}</h1>
      <p>{d.publishedVersion ? t('author.list.published', { version: d.publishedVersion }) : t('author.list.draft')}</p>

      <div class="monitoring__section" aria-labelledby="lessons-title">
        <h2 id="lessons-title">{t('author.lessons.title')}</h2>
        <ul class="authoring__list" data-testid="lesson-list">
          {lessonIds.map((id) => (
            <li key={id}>
              <button type="button" class="button" aria-pressed={editing === id} onClick={() => setEditing(id)}>
                {t('author.lessons.edit', { id })}
              </button>
            </li>
          ))}
        </ul>
        <NewIdForm
          inputId="new-lesson"
          label={t('author.lessons.new')}
          submitLabel={t('author.lessons.add')}
          onSubmit={setEditing}
        />
        {editing && (
          <LessonEditor
            key={editing}
            token={profile.token}
            courseId={d.id}
            lessonId={editing}
            initial={d.lessons.find((l) => l.id === editing)?.markdown ?? `# ${d.title}\n\n`}
            language={d.language}
            resolveFile={resolveFile}
            stored={d.lessons.some((l) => l.id === editing)}
            onSaved={refresh}
            onDeleted={() => {
              setEditing(null);
              refresh();
            }}
          />
        )}
      </div>

      <MediaUpload token={profile.token} draft={d} onUploaded={refresh} />
      <QuizImport token={profile.token} draft={d} onImported={refresh} />
      <QuizEditorPanel token={profile.token} draft={d} onSaved={refresh} />
      <PreviewAndPublish token={profile.token} draft={d} resolveFile={resolveFile} onPublished={refresh} />
    </section>
  );
}

function ChangesList({ changes }: { changes: DraftChanges }) {
  const list = (paths: string[]) => paths.join(', ');
  return (
    <div data-testid="changes">
      <h3>
        {changes.previousVersion
          ? t('author.changes.title', { version: changes.previousVersion })
          : t('author.changes.first')}
      </h3>
      <ul>
        {changes.added.length > 0 && <li>{t('author.changes.added', { paths: list(changes.added) })}</li>}
        {changes.changed.length > 0 && <li>{t('author.changes.changed', { paths: list(changes.changed) })}</li>}
        {changes.removed.length > 0 && <li>{t('author.changes.removed', { paths: list(changes.removed) })}</li>}
      </ul>
      <p data-testid="download-bytes">
        {t('author.changes.download', {
          files: changes.downloadFiles,
          bytes: formatBytes(changes.downloadBytes),
          manifest: formatBytes(changes.manifestBytes),
        })}
      </p>
    </div>
  );
}

interface PublishProps {
  token: string;
  draft: Draft;
  resolveFile: (href: string) => ResolvedFile | undefined;
  onPublished: () => void;
}

function PreviewAndPublish({ token, draft, resolveFile, onPublished }: PublishProps) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const problemText = (code: string, details: unknown) => {
    const at = draftProblem(details);
    const message = t(apiErrorMessage(code));
    return at ? `${message} ${t('author.problemAt', { file: at.file, line: at.line })}` : message;
  };

  async function show() {
    setStatus(null);
    const answer = await fetchPreview(token, draft.id);
    if (!answer.ok) {
      setPreview(null);
      setStatus({ ok: false, message: problemText(answer.code, answer.details) });
      return;
    }
    setPreview(answer.data);
  }

  async function publish() {
    setBusy(true);
    const answer = await publishDraft(token, draft.id);
    setBusy(false);
    if (!answer.ok) {
      setStatus({ ok: false, message: problemText(answer.code, answer.details) });
      return;
    }
    setStatus({ ok: true, message: t('author.publish.done', { version: answer.data.version }) });
    setPreview(null);
    onPublished();
  }

  return (
    <div class="monitoring__section" aria-labelledby="preview-title">
      <h2 id="preview-title">{t('author.preview.title')}</h2>
      <button type="button" class="button" onClick={() => void show()}>
        {t('author.preview.show')}
      </button>
      {preview && (
        <>
          <ChangesList changes={preview.changes} />
          <PhonePreview draft={draft} preview={preview} resolveFile={resolveFile} />
          <button type="button" class="button button--primary" disabled={busy} onClick={() => void publish()}>
            {t('author.publish.submit', { version: preview.changes.version })}
          </button>
        </>
      )}
      {status && (
        <p role={status.ok ? 'status' : 'alert'} class={status.ok ? '' : 'form__error'} data-testid="publish-status">
          {status.message}
        </p>
      )}
    </div>
  );
}
