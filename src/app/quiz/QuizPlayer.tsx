import '../i18n/screen-messages';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { db } from '../../db/database';
import type { AttemptRecord } from '../../db/learning-records';
import type { AnswerValue, Question, QuizDocument } from '../../shared/quiz/question';
import type { MessageKey } from '../i18n/messages';
import { locale, t } from '../i18n/t';
import { sameAnswer, toAnswerValue, toDraft, type AnswerDraft } from './answer-draft';
import { latestAnswers } from './latest-answers';
import { readQuestionDrafts } from './question-drafts';
import { recordAnswer } from './record-answer';
import { holdUpdates } from '../sw-bridge/work-in-progress';
import { MarkdownView } from '../components/MarkdownView';
import { AnswerFeedback } from './AnswerFeedback';
import { AnswerInput } from './AnswerInput';
import { DraftWriter } from './draft-writer';
import { QuizSummary } from './QuizSummary';
import { QuizTimer } from './QuizTimer';

interface Props {
  doc: QuizDocument;
  attempt: AttemptRecord;
  lang: string;
  onFinish: () => Promise<void>;
}

interface Loaded {
  /** The saved answer of each question. */
  saved: Map<string, AnswerValue>;
  /** Entries changed since their question's last save, as the screen shows them. */
  entries: Map<string, AnswerDraft>;
}

/**
 * Plays an attempt one question at a time. Every change of an entry is kept on the phone at once
 * (a killed app shows it again); "Simpan jawaban" saves it as the answer (with its outbox row)
 * before latihan shows feedback or ujian moves on. "Jawaban tersimpan." is said only while the
 * entry on screen is the saved answer of this question; finishing submits what each question shows.
 */
export function QuizPlayer({ doc, attempt, lang, onFinish }: Props) {
  const total = doc.questions.length;
  const [index, setIndex] = useState(Math.min(attempt.currentIndex, total));
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [shown, setShown] = useState<AnswerValue | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [saving, setSaving] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const question = doc.questions[index];
  const writer = useMemo(
    () =>
      new DraftWriter(db, attempt.id, (failure) => {
        console.error('entry not kept', failure);
        setError('quiz.error.save');
      }),
    [attempt.id],
  );

  // An app update must not reload the page under an open attempt (UpdateBanner defers to this).
  useEffect(() => holdUpdates(`quiz:${attempt.id}`), [attempt.id]);
  useEffect(() => {
    let live = true;
    void Promise.all([latestAnswers(db, attempt.id), readQuestionDrafts(db, attempt.id)]).then(([latest, drafts]) => {
      if (!live) return;
      const entries = new Map<string, AnswerDraft>();
      for (const [questionId, draft] of drafts) {
        const saved = latest.get(questionId);
        // An entry older than the answer saved after it is not what the screen showed last.
        if (!saved || draft.updatedAt >= saved.answeredAt) entries.set(questionId, draft.entry);
      }
      setLoaded({ saved: new Map([...latest].map(([id, a]) => [id, a.value])), entries });
    });
    return () => {
      live = false;
    };
  }, [attempt.id]);
  useEffect(() => {
    // Typing still waiting for its pause is written when the phone hides the app or the player goes away.
    const hide = () => void writer.flush();
    window.addEventListener('pagehide', hide);
    document.addEventListener('visibilitychange', hide);
    return () => {
      window.removeEventListener('pagehide', hide);
      document.removeEventListener('visibilitychange', hide);
      void writer.flush();
    };
  }, [writer]);
  useEffect(() => {
    setShown(null);
    setError(null);
  }, [index]);
  useEffect(() => heading.current?.focus(), [index]);

  if (!loaded) return null;
  const { saved, entries } = loaded;
  const entryOf = (q: Question): AnswerDraft => entries.get(q.id) ?? toDraft(saved.get(q.id), locale());
  const deadline = doc.mode === 'ujian' && doc.timeLimitMinutes ? attempt.startedAt + doc.timeLimitMinutes * 60_000 : 0;
  const timer = deadline ? (
    <QuizTimer
      deadline={deadline}
      onExpire={() =>
        void writer
          .flush()
          .then(onFinish)
          .catch(() => undefined)
      }
    />
  ) : null;
  const goTo = (next: number) => {
    void writer.flush();
    setIndex(next);
  };
  if (!question) {
    // Answered = what finishing would submit: the entry each question shows, if it is an answer.
    const answered = doc.questions.filter((q) => toAnswerValue(q, entryOf(q)).ok).length;
    return (
      <>
        {timer}
        <QuizSummary
          answered={answered}
          total={total}
          confirm={doc.mode === 'ujian'}
          onReview={() => goTo(0)}
          onFinish={() => writer.flush().then(onFinish)}
        />
      </>
    );
  }

  const draft = entryOf(question);
  const current = toAnswerValue(question, draft);
  const savedValue = saved.get(question.id);
  const isSaved = current.ok && sameAnswer(current.value, savedValue);
  const isUnsaved = !isSaved && (savedValue !== undefined || current.ok || current.reason === 'not-a-number');

  function change(next: AnswerDraft) {
    if (!loaded || !question) return;
    setLoaded({ saved, entries: new Map(entries).set(question.id, next) });
    setError(null);
    writer.change(question.id, next, question.type === 'short' || question.type === 'numeric');
  }

  async function save(event: Event) {
    event.preventDefault();
    if (!question) return;
    if (!current.ok) return setError(current.reason === 'empty' ? 'quiz.error.empty' : 'quiz.error.number');
    setSaving(true);
    try {
      // Kept entries first, so none of them can land after the save and look newer than it.
      await writer.flush();
      await recordAnswer(db, attempt, { questionId: question.id, questionIndex: index, value: current.value });
    } catch (failure) {
      // Nothing was written (one transaction): say so and keep the entry, so the learner can retry.
      console.error('answer not saved', failure);
      setSaving(false);
      return setError('quiz.error.save');
    }
    setSaving(false);
    const rest = new Map(entries);
    rest.delete(question.id);
    setLoaded({ saved: new Map(saved).set(question.id, current.value), entries: rest });
    if (doc.mode === 'latihan' && doc.keys?.[question.id]) setShown(current.value);
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
        onChange={change}
        disabled={saving || shown !== null}
        lang={lang}
        labelledBy={textId}
      />
      {error && (
        <p class="form__error" role="alert">
          {t(error)}
        </p>
      )}
      <p
        class={isSaved ? 'quiz__save-state quiz__save-state--saved' : 'quiz__save-state'}
        role="status"
        data-testid="save-state"
      >
        {shown ? '' : isSaved ? t('quiz.saved') : isUnsaved ? t('quiz.unsaved') : ''}
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
            <button type="button" class="button button--primary" onClick={() => goTo(index + 1)}>
              {index + 1 < total ? t('quiz.next') : t('quiz.toSummary')}
            </button>
          </div>
        </>
      ) : (
        <div class="actions">
          {index > 0 && (
            <button type="button" class="button" onClick={() => goTo(index - 1)}>
              {t('quiz.previous')}
            </button>
          )}
          {doc.mode === 'ujian' && (
            // An ujian may be answered in any order: move on and come back (the entry stays as it is).
            <button type="button" class="button" onClick={() => goTo(index + 1)}>
              {index + 1 < total ? t('quiz.next') : t('quiz.toSummary')}
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
