import '../i18n/staff-messages';
import { useState } from 'preact/hooks';
import type { Draft } from '../../shared/authoring/authoring-api';
import type { QuizRole } from '../../shared/course/manifest';
import type { QuizImportIssueCode } from '../../shared/quiz-import/quiz-import-issue';
import { apiErrorMessage } from '../api/api-error-message';
import type { MessageKey } from '../i18n/messages';
import { t } from '../i18n/t';
import { importIssues, importQuiz, type QuizIssue } from './authoring-api';
import { ID_PATTERN } from './NewIdForm';

const ISSUE_NAMES: Record<QuizImportIssueCode, MessageKey> = {
  syntax: 'author.issue.syntax',
  unsupported_type: 'author.issue.unsupported_type',
  unsupported_weight: 'author.issue.unsupported_weight',
  empty_answers: 'author.issue.empty_answers',
  no_correct_answer: 'author.issue.no_correct_answer',
  bad_id: 'author.issue.bad_id',
  duplicate_id: 'author.issue.duplicate_id',
  no_questions: 'author.issue.no_questions',
};

const issueLine = (issue: QuizIssue) =>
  t('author.quiz.line', { file: issue.file, line: issue.line, message: t(ISSUE_NAMES[issue.code]) });

/** Imports a GIFT (as Moodle writes it) or Aiken file; a refused file lists every line to fix. */
export function QuizImport({ token, draft, onImported }: { token: string; draft: Draft; onImported: () => void }) {
  const [form, setForm] = useState({
    id: '',
    title: '',
    mode: 'latihan' as 'latihan' | 'ujian',
    role: 'practice' as QuizRole,
  });
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<{ message: string; ok: boolean; issues: QuizIssue[] } | null>(null);

  async function submit(e: Event) {
    e.preventDefault();
    if (!file) return;
    const text = await file.text();
    const answer = await importQuiz(token, draft.id, { ...form, fileName: file.name, text });
    if (answer.ok) {
      setResult({
        ok: true,
        message: t('author.quiz.imported', { count: answer.data.questionCount }),
        issues: answer.data.warnings,
      });
      onImported();
    } else {
      setResult({ ok: false, message: t(apiErrorMessage(answer.code)), issues: importIssues(answer.details) });
    }
  }

  return (
    <form class="form monitoring__section" onSubmit={submit} aria-labelledby="quiz-title">
      <h2 id="quiz-title">{t('author.quiz.title')}</h2>
      {draft.quizzes.length > 0 && (
        <ul data-testid="quiz-list">
          {draft.quizzes.map((q) => (
            <li key={q.id}>
              {q.title} ({q.fileName}) · {t('author.quiz.count', { count: q.questionCount })}
            </li>
          ))}
        </ul>
      )}
      <label for="quiz-name">{t('author.quiz.name')}</label>
      <input
        id="quiz-name"
        required
        maxLength={200}
        value={form.title}
        onInput={(e) => setForm({ ...form, title: e.currentTarget.value })}
      />
      <label for="quiz-id">{t('author.quiz.id')}</label>
      <input
        id="quiz-id"
        required
        autocapitalize="none"
        pattern={ID_PATTERN}
        value={form.id}
        onInput={(e) => setForm({ ...form, id: e.currentTarget.value })}
      />
      <label for="quiz-mode">{t('author.quiz.mode')}</label>
      <select
        id="quiz-mode"
        value={form.mode}
        disabled={form.role !== 'practice'}
        onChange={(e) => setForm({ ...form, mode: e.currentTarget.value as 'latihan' | 'ujian' })}
      >
        <option value="latihan">{t('author.quiz.latihan')}</option>
        <option value="ujian">{t('author.quiz.ujian')}</option>
      </select>
      <label for="quiz-role">{t('author.quiz.role')}</label>
      <select
        id="quiz-role"
        value={form.role}
        onChange={(e) => {
          const role = e.currentTarget.value as QuizRole;
          // A pre- or post-test is always an ujian: its keys stay on the server.
          setForm({ ...form, role, mode: role === 'practice' ? form.mode : 'ujian' });
        }}
      >
        <option value="practice">{t('author.quiz.role.practice')}</option>
        <option value="pretest">{t('author.quiz.role.pretest')}</option>
        <option value="posttest">{t('author.quiz.role.posttest')}</option>
      </select>
      <label for="quiz-file">{t('author.quiz.file')}</label>
      <input
        id="quiz-file"
        type="file"
        accept=".gift,.txt,.aiken"
        required
        onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
      />
      <button type="submit" class="button button--primary" disabled={!file}>
        {t('author.quiz.submit')}
      </button>
      {result && (
        <div role={result.ok ? 'status' : 'alert'} data-testid="quiz-result">
          <p class={result.ok ? '' : 'form__error'}>{result.message}</p>
          {result.issues.length > 0 && (
            <>
              <p>{result.ok ? t('author.quiz.warnings') : t('author.quiz.issues')}</p>
              <ul data-testid="quiz-issues">
                {result.issues.map((issue) => (
                  <li key={`${issue.line}-${issue.code}`}>{issueLine(issue)}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </form>
  );
}
