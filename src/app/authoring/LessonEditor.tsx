import '../i18n/staff-messages';
import { useState } from 'preact/hooks';
import { apiErrorMessage } from '../api/api-error-message';
import { MarkdownView } from '../components/MarkdownView';
import type { ResolvedFile } from '../components/render-markdown';
import { t } from '../i18n/t';
import { deleteLesson, saveLesson } from './authoring-api';

interface Props {
  token: string;
  courseId: string;
  lessonId: string;
  initial: string;
  language: string;
  resolveFile: (href: string) => ResolvedFile | undefined;
  /** The lesson is stored already (a new one has nothing to delete yet). */
  stored: boolean;
  onSaved: () => void;
  onDeleted: () => void;
}

/**
 * A lesson's Markdown beside its live preview, rendered and sanitised by the phone's own
 * renderer: a script tag or an event handler the author types is gone in the preview too.
 */
export function LessonEditor(props: Props) {
  const { token, courseId, lessonId, initial, language, resolveFile, stored, onSaved, onDeleted } = props;
  const [text, setText] = useState(initial);
  const [status, setStatus] = useState<{ ok: boolean; message: string } | null>(null);

  async function save() {
    const answer = await saveLesson(token, courseId, lessonId, text);
    setStatus(
      answer.ok
        ? { ok: true, message: t('author.lesson.saved') }
        : { ok: false, message: t(apiErrorMessage(answer.code)) },
    );
    if (answer.ok) onSaved();
  }

  async function remove() {
    if (!window.confirm(t('author.lesson.confirmDelete', { id: lessonId }))) return;
    const answer = await deleteLesson(token, courseId, lessonId);
    if (answer.ok) onDeleted();
    else setStatus({ ok: false, message: t(apiErrorMessage(answer.code)) });
  }

  return (
    <div class="authoring__lesson" data-testid="lesson-editor">
      <div class="authoring__pane">
        <label for={`lesson-${lessonId}`}>{t('author.lesson.text')}</label>
        <textarea
          id={`lesson-${lessonId}`}
          rows={14}
          value={text}
          spellcheck={false}
          onInput={(e) => {
            setText(e.currentTarget.value);
            setStatus(null);
          }}
        />
        <button type="button" class="button button--primary" onClick={() => void save()}>
          {t('author.lesson.save')}
        </button>
        {stored && (
          <button type="button" class="button" onClick={() => void remove()}>
            {t('author.lesson.delete')}
          </button>
        )}
        {status && (
          <p role={status.ok ? 'status' : 'alert'} class={status.ok ? '' : 'form__error'}>
            {status.message}
          </p>
        )}
      </div>
      <div class="authoring__pane">
        <h3 id={`lesson-preview-${lessonId}`}>{t('author.lesson.preview')}</h3>
        <div aria-labelledby={`lesson-preview-${lessonId}`} class="authoring__rendered" data-testid="lesson-preview">
          <MarkdownView markdown={text} lang={language} resolveFile={resolveFile} key={text} />
        </div>
      </div>
    </div>
  );
}
