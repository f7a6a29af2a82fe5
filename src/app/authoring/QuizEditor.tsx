import '../i18n/staff-messages';
import { useEffect, useState } from 'preact/hooks';
import type { Draft } from '../../shared/authoring/authoring-api';
import type { QuizDraftIssue, QuizDraftIssueCode } from '../../shared/authoring/quiz-draft';
import type { QuizRole } from '../../shared/course/manifest';
import { apiErrorMessage } from '../api/api-error-message';
import type { MessageKey } from '../i18n/messages';
import { t } from '../i18n/t';
import { fetchQuiz, quizIssues, saveQuiz } from './authoring-api';
import { NewIdForm } from './NewIdForm';
import {
  EDITABLE_TYPES,
  addChoice,
  editorIssues,
  emptyQuiz,
  fromDraft,
  moveQuestion,
  newQuestion,
  removeQuestion,
  replaceQuestion,
  setRole,
  toDraft,
  withSavedIds,
  type EditableType,
  type EditorQuestion,
  type EditorQuiz,
} from './quiz-editor-state';

const ISSUE_TEXT: Record<QuizDraftIssueCode, MessageKey> = {
  no_questions: 'author.qe.issue.no_questions',
  empty_text: 'author.qe.issue.empty_text',
  too_few_choices: 'author.qe.issue.too_few_choices',
  empty_choice: 'author.qe.issue.empty_choice',
  no_correct_answer: 'author.qe.issue.no_correct_answer',
  empty_answers: 'author.qe.issue.empty_answers',
  bad_id: 'author.qe.issue.bad_id',
  duplicate_id: 'author.qe.issue.duplicate_id',
  key_mismatch: 'author.qe.issue.key_mismatch',
  not_ujian: 'author.qe.issue.not_ujian',
};

/** One issue in the author's language, naming the question by its place (1-based). */
export function issueText(issue: QuizDraftIssue): string {
  const message = t(ISSUE_TEXT[issue.code]);
  return issue.question < 0 ? message : t('author.qe.issueAt', { n: issue.question + 1, message });
}

const TYPE_TEXT: Record<EditableType, MessageKey> = {
  single: 'author.qe.type.single',
  multiple: 'author.qe.type.multiple',
  truefalse: 'author.qe.type.truefalse',
  short: 'author.qe.type.short',
};

/** "Buat kuis" / "Ubah kuis": picks a quiz of the draft (or a new code) and opens it in the editor. */
export function QuizEditorPanel({ token, draft, onSaved }: { token: string; draft: Draft; onSaved: () => void }) {
  const [open, setOpen] = useState<{ id: string; stored: boolean } | null>(null);
  return (
    <div class="monitoring__section" aria-labelledby="qe-title">
      <h2 id="qe-title">{t('author.qe.title')}</h2>
      <ul class="authoring__list" data-testid="quiz-edit-list">
        {draft.quizzes.map((q) => (
          <li key={q.id}>
            <button
              type="button"
              class="button"
              aria-pressed={open?.id === q.id}
              onClick={() => setOpen({ id: q.id, stored: true })}
            >
              {t('author.qe.edit', { title: q.title })}
            </button>
          </li>
        ))}
      </ul>
      <NewIdForm
        inputId="qe-new"
        label={t('author.qe.new')}
        submitLabel={t('author.qe.create')}
        onSubmit={(id) => setOpen({ id, stored: draft.quizzes.some((q) => q.id === id) })}
      />
      {open && (
        <QuizEditor
          key={open.id}
          token={token}
          courseId={draft.id}
          quizId={open.id}
          stored={open.stored}
          onSaved={onSaved}
          onClose={() => setOpen(null)}
        />
      )}
    </div>
  );
}

interface EditorProps {
  token: string;
  courseId: string;
  quizId: string;
  stored: boolean;
  onSaved: () => void;
  onClose: () => void;
}

/** The quiz's title, role and pass mark, and its questions: add, edit, reorder, delete, save. */
function QuizEditor({ token, courseId, quizId, stored, onSaved, onClose }: EditorProps) {
  const [quiz, setQuiz] = useState<EditorQuiz | null>(stored ? null : emptyQuiz());
  const [status, setStatus] = useState<{ ok: boolean; message: string; issues: QuizDraftIssue[] } | null>(null);
  const [addType, setAddType] = useState<EditableType>('single');

  useEffect(() => {
    if (!stored) return;
    void fetchQuiz(token, courseId, quizId).then((answer) => {
      if (answer.ok) setQuiz(fromDraft(answer.data));
      else setStatus({ ok: false, message: t(apiErrorMessage(answer.code)), issues: [] });
    });
  }, [token, courseId, quizId, stored]);

  if (!quiz) {
    return status ? <p role="alert">{status.message}</p> : <p>{t('mon.loading')}</p>;
  }
  const q = quiz;
  const change = (next: EditorQuiz) => {
    setQuiz(next);
    setStatus(null);
  };

  async function save() {
    const issues = editorIssues(q);
    if (issues.length > 0) {
      setStatus({ ok: false, message: t('author.qe.fix'), issues });
      return;
    }
    const body = toDraft(q);
    const answer = await saveQuiz(token, courseId, quizId, body);
    if (!answer.ok) {
      setStatus({ ok: false, message: t(apiErrorMessage(answer.code)), issues: quizIssues(answer.details) });
      return;
    }
    setQuiz(withSavedIds(q, body));
    setStatus({ ok: true, message: t('author.qe.saved', { count: answer.data.questionCount }), issues: [] });
    onSaved();
  }

  const prefix = `qe-${quizId}`;
  return (
    <div class="form authoring__quiz" data-testid="quiz-editor">
      <h3>{t('author.qe.editing', { id: quizId })}</h3>
      <label for={`${prefix}-title`}>{t('author.quiz.name')}</label>
      <input
        id={`${prefix}-title`}
        maxLength={200}
        value={q.title}
        onInput={(e) => change({ ...q, title: e.currentTarget.value })}
      />
      <label for={`${prefix}-role`}>{t('author.quiz.role')}</label>
      <select
        id={`${prefix}-role`}
        value={q.role}
        onChange={(e) => change(setRole(q, e.currentTarget.value as QuizRole))}
      >
        <option value="practice">{t('author.quiz.role.practice')}</option>
        <option value="pretest">{t('author.quiz.role.pretest')}</option>
        <option value="posttest">{t('author.quiz.role.posttest')}</option>
      </select>
      <label for={`${prefix}-mode`}>{t('author.quiz.mode')}</label>
      <select
        id={`${prefix}-mode`}
        value={q.mode}
        disabled={q.role !== 'practice'}
        onChange={(e) => change({ ...q, mode: e.currentTarget.value as EditorQuiz['mode'] })}
      >
        <option value="latihan">{t('author.quiz.latihan')}</option>
        <option value="ujian">{t('author.quiz.ujian')}</option>
      </select>
      {q.mode === 'ujian' && (
        <>
          <label for={`${prefix}-pass`}>{t('author.qe.passScore')}</label>
          <input
            id={`${prefix}-pass`}
            type="number"
            min={0}
            max={100}
            step={1}
            inputMode="numeric"
            value={q.passScore}
            onInput={(e) => change({ ...q, passScore: e.currentTarget.value })}
          />
        </>
      )}

      <h4>{t('author.qe.questions')}</h4>
      <ol class="authoring__questions">
        {q.questions.map((question, i) => (
          <li key={question.key}>
            <QuestionForm
              question={question}
              n={i + 1}
              prefix={`${prefix}-${question.key}`}
              onChange={(next) => change(replaceQuestion(q, i, next))}
            />
            <div class="authoring__row">
              <button type="button" class="button" disabled={i === 0} onClick={() => change(moveQuestion(q, i, -1))}>
                {t('author.qe.up', { n: i + 1 })}
              </button>
              <button
                type="button"
                class="button"
                disabled={i === q.questions.length - 1}
                onClick={() => change(moveQuestion(q, i, 1))}
              >
                {t('author.qe.down', { n: i + 1 })}
              </button>
              <button type="button" class="button" onClick={() => change(removeQuestion(q, i))}>
                {t('author.qe.remove', { n: i + 1 })}
              </button>
            </div>
          </li>
        ))}
      </ol>
      <label for={`${prefix}-add-type`}>{t('author.qe.type')}</label>
      <select
        id={`${prefix}-add-type`}
        value={addType}
        onChange={(e) => setAddType(e.currentTarget.value as EditableType)}
      >
        {EDITABLE_TYPES.map((type) => (
          <option key={type} value={type}>
            {t(TYPE_TEXT[type])}
          </option>
        ))}
      </select>
      <button
        type="button"
        class="button"
        onClick={() => change({ ...q, questions: [...q.questions, newQuestion(addType)] })}
      >
        {t('author.qe.add')}
      </button>
      <div class="authoring__row">
        <button type="button" class="button button--primary" onClick={() => void save()}>
          {t('author.qe.save')}
        </button>
        <button type="button" class="button" onClick={onClose}>
          {t('author.qe.close')}
        </button>
      </div>
      {status && (
        <div role={status.ok ? 'status' : 'alert'} data-testid="quiz-editor-status">
          <p class={status.ok ? '' : 'form__error'}>{status.message}</p>
          {status.issues.length > 0 && (
            <ul>
              {status.issues.map((issue) => (
                <li key={`${issue.question}-${issue.code}`}>{issueText(issue)}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

interface QuestionProps {
  question: EditorQuestion;
  n: number;
  prefix: string;
  onChange: (q: EditorQuestion) => void;
}

/** One question's fields, by type; a kept matching or numeric question shows its text only. */
function QuestionForm({ question, n, prefix, onChange }: QuestionProps) {
  const q = question;
  if (q.kept) {
    return (
      <fieldset>
        <legend>{t('author.qe.question', { n })}</legend>
        <p>{q.text}</p>
        <p>{t('author.qe.kept')}</p>
      </fieldset>
    );
  }
  const setChoice = (index: number, patch: Partial<EditorQuestion['choices'][number]>) => {
    const choices = q.choices.map((c, i) => {
      if (i === index) return { ...c, ...patch };
      // One right choice at a time in a single-answer question.
      return q.type === 'single' && patch.correct ? { ...c, correct: false } : c;
    });
    onChange({ ...q, choices });
  };
  return (
    <fieldset>
      <legend>{t('author.qe.question', { n })}</legend>
      <label for={`${prefix}-type`}>{t('author.qe.type')}</label>
      <select
        id={`${prefix}-type`}
        value={q.type}
        onChange={(e) => {
          const type = e.currentTarget.value as EditableType;
          const withChoices = type === 'single' || type === 'multiple';
          const next = { ...q, type };
          onChange(withChoices && q.choices.length === 0 ? addChoice(addChoice(next)) : next);
        }}
      >
        {EDITABLE_TYPES.map((type) => (
          <option key={type} value={type}>
            {t(TYPE_TEXT[type])}
          </option>
        ))}
      </select>
      <label for={`${prefix}-qtitle`}>{t('author.qe.qtitle')}</label>
      <input
        id={`${prefix}-qtitle`}
        value={q.title}
        onInput={(e) => onChange({ ...q, title: e.currentTarget.value })}
      />
      <label for={`${prefix}-text`}>{t('author.qe.text')}</label>
      <textarea
        id={`${prefix}-text`}
        rows={3}
        value={q.text}
        onInput={(e) => onChange({ ...q, text: e.currentTarget.value })}
      />
      {(q.type === 'single' || q.type === 'multiple') && (
        <>
          {q.choices.map((c, i) => {
            const letter = String.fromCharCode(65 + (i % 26));
            return (
              <div key={c.id} class="authoring__choice">
                <label for={`${prefix}-c-${c.id}`}>{t('author.qe.choice', { letter })}</label>
                <input
                  id={`${prefix}-c-${c.id}`}
                  value={c.text}
                  onInput={(e) => setChoice(i, { text: e.currentTarget.value })}
                />
                <label>
                  <input
                    type={q.type === 'single' ? 'radio' : 'checkbox'}
                    name={`${prefix}-correct`}
                    checked={c.correct}
                    onChange={(e) => setChoice(i, { correct: e.currentTarget.checked })}
                  />{' '}
                  {t('author.qe.choiceCorrect', { letter })}
                </label>
                <label for={`${prefix}-f-${c.id}`}>{t('author.qe.choiceFeedback', { letter })}</label>
                <input
                  id={`${prefix}-f-${c.id}`}
                  value={c.feedback}
                  onInput={(e) => setChoice(i, { feedback: e.currentTarget.value })}
                />
                <button
                  type="button"
                  class="button"
                  onClick={() => onChange({ ...q, choices: q.choices.filter((_, j) => j !== i) })}
                >
                  {t('author.qe.removeChoice', { letter })}
                </button>
              </div>
            );
          })}
          <button type="button" class="button" onClick={() => onChange(addChoice(q))}>
            {t('author.qe.addChoice')}
          </button>
        </>
      )}
      {q.type === 'truefalse' && (
        <fieldset>
          <legend>{t('author.qe.truth')}</legend>
          {([true, false] as const).map((value) => (
            <label key={String(value)}>
              <input
                type="radio"
                name={`${prefix}-truth`}
                checked={q.truth === value}
                onChange={() => onChange({ ...q, truth: value })}
              />{' '}
              {t(value ? 'author.qe.true' : 'author.qe.false')}
            </label>
          ))}
        </fieldset>
      )}
      {q.type === 'short' && (
        <>
          <label for={`${prefix}-accepted`}>{t('author.qe.accepted')}</label>
          <textarea
            id={`${prefix}-accepted`}
            rows={3}
            value={q.accepted}
            onInput={(e) => onChange({ ...q, accepted: e.currentTarget.value })}
          />
        </>
      )}
      <label for={`${prefix}-explanation`}>{t('author.qe.explanation')}</label>
      <textarea
        id={`${prefix}-explanation`}
        rows={2}
        value={q.explanation}
        onInput={(e) => onChange({ ...q, explanation: e.currentTarget.value })}
      />
    </fieldset>
  );
}
