import { useEffect, useRef, useState } from 'preact/hooks';
import { db } from '../../../db/database';
import type { AttemptRecord } from '../../../db/learning-records';
import type { AnswerValue, QuizDocument } from '../../../shared/quiz/question';
import type { MessageKey } from '../../i18n/messages';
import { locale, t } from '../../i18n/t';
import { toAnswerValue, toDraft, type AnswerDraft } from '../../learning/answer-draft';
import { latestAnswers } from '../../learning/latest-answers';
import { recordAnswer } from '../../learning/record-answer';
import { holdUpdates } from '../../state/work-in-progress';
import { MarkdownView } from '../lesson/MarkdownView';
import { AnswerFeedback } from './AnswerFeedback';
import { AnswerInput } from './AnswerInput';
import { QuizSummary } from './QuizSummary';
import { QuizTimer } from './QuizTimer';

interface Props {
  doc: QuizDocument;
  attempt: AttemptRecord;
  lang: string;
  onFinish: () => Promise<void>;
}

/**
 * Plays an attempt one question at a time. Each answer is saved (with its outbox row) before the
 * screen moves on; latihan then shows feedback, ujian goes straight to the next question.
 */
export function QuizPlayer({ doc, attempt, lang, onFinish }: Props) {
  const total = doc.questions.length;
  const [index, setIndex] = useState(Math.min(attempt.currentIndex, total));
  const [answers, setAnswers] = useState<Map<string, AnswerValue> | null>(null);
  const [draft, setDraft] = useState<AnswerDraft>({});
  const [shown, setShown] = useState<AnswerValue | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const question = doc.questions[index];

  // An app update must not reload the page under an open attempt (UpdateBanner defers to this).
  useEffect(() => holdUpdates(`quiz:${attempt.id}`), [attempt.id]);
  useEffect(() => {
    void latestAnswers(db, attempt.id).then((latest) => {
      setAnswers(new Map([...latest].map(([id, a]) => [id, a.value])));
    });
  }, [attempt.id]);
  useEffect(() => {
    if (answers && question) setDraft(toDraft(answers.get(question.id), locale()));
    setShown(null);
    setError(null);
  }, [index, answers === null]);
  useEffect(() => heading.current?.focus(), [index]);

  if (!answers) return null;
  const deadline = doc.mode === 'ujian' && doc.timeLimitMinutes ? attempt.startedAt + doc.timeLimitMinutes * 60_000 : 0;
  const timer = deadline ? (
    <QuizTimer deadline={deadline} onExpire={() => void onFinish().catch(() => undefined)} />
  ) : null;
  if (!question) {
    return (
      <>
        {timer}
        <QuizSummary answered={answers.size} total={total} onReview={() => setIndex(0)} onFinish={onFinish} />
      </>
    );
  }

  async function save(event: Event) {
    event.preventDefault();
    if (!question) return;
    const result = toAnswerValue(question, draft);
    if (!result.ok) return setError(result.reason === 'empty' ? 'quiz.error.empty' : 'quiz.error.number');
    setSaving(true);
    try {
      await recordAnswer(db, attempt, { questionId: question.id, questionIndex: index, value: result.value });
    } catch (failure) {
      // Nothing was written (one transaction): say so and keep the entry, so the learner can retry.
      console.error('answer not saved', failure);
      setSaving(false);
      return setError('quiz.error.save');
    }
    setSaving(false);
    setAnswers(new Map(answers).set(question.id, result.value));
    setSaved(true);
    if (doc.mode === 'latihan' && doc.keys?.[question.id]) setShown(result.value);
    else setIndex(index + 1);
  }

  const questionKey = doc.keys?.[question.id];
  const textId = `question-text-${question.id}`;
  return (
    <form class="quiz" onSubmit={save}>
      {timer}
      <h2 ref={heading} tabIndex={-1} class="quiz__position" data-testid="question-position">
        {t('quiz.position', { n: index + 1, total })}
      </h2>
      <div id={textId}>
        {question.title && (
          <p class="quiz__title" lang={lang}>
            {question.title}
          </p>
        )}
        <MarkdownView markdown={question.text} lang={lang} class="prose quiz__text" />
      </div>
      <AnswerInput
        question={question}
        draft={draft}
        onChange={(next) => {
          setDraft(next);
          setError(null);
        }}
        disabled={saving || shown !== null}
        lang={lang}
        labelledBy={textId}
      />
      {error && (
        <p class="form__error" role="alert">
          {t(error)}
        </p>
      )}
      <p class="visually-hidden" role="status">
        {saved && !shown ? t('quiz.saved') : ''}
      </p>
      {shown && questionKey ? (
        <>
          <AnswerFeedback
            question={question}
            questionKey={questionKey}
            answer={shown}
            explanation={doc.explanations?.[question.id]}
            lang={lang}
          />
          <div class="actions">
            <button type="button" class="button" onClick={() => setShown(null)}>
              {t('quiz.retry')}
            </button>
            <button type="button" class="button button--primary" onClick={() => setIndex(index + 1)}>
              {index + 1 < total ? t('quiz.next') : t('quiz.toSummary')}
            </button>
          </div>
        </>
      ) : (
        <div class="actions">
          {index > 0 && (
            <button type="button" class="button" onClick={() => setIndex(index - 1)}>
              {t('quiz.previous')}
            </button>
          )}
          <button type="submit" class="button button--primary" disabled={saving}>
            {t('quiz.save')}
          </button>
        </div>
      )}
    </form>
  );
}
