import '../i18n/screen-messages';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n/t';

interface Props {
  answered: number;
  total: number;
  /** ujian: ending is final (no retry, graded as it stands), so "Selesai" asks first. */
  confirm: boolean;
  onReview: () => void;
  onFinish: () => Promise<void>;
}

/**
 * After the last question: how many are answered, and the one button that ends the attempt. For
 * an ujian that button first asks, saying how many questions are still unanswered.
 */
export function QuizSummary({ answered, total, confirm, onReview, onFinish }: Props) {
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState(false);
  const question = useRef<HTMLParagraphElement>(null);
  const unanswered = total - answered;
  useEffect(() => {
    if (asking) question.current?.focus();
  }, [asking]);
  const finish = () => {
    setBusy(true);
    onFinish().catch(() => setBusy(false));
  };
  return (
    <section class="quiz-summary" aria-labelledby="summary-title">
      <h2 id="summary-title" tabIndex={-1}>
        {t('quiz.summary.title')}
      </h2>
      <p>{t('quiz.summary.answered', { answered, total })}</p>
      {unanswered > 0 && <p class="form__error">{t('quiz.summary.unanswered', { count: unanswered })}</p>}
      {asking ? (
        <div
          class="quiz-confirm"
          role="alertdialog"
          aria-labelledby="quiz-confirm-question"
          aria-describedby="quiz-confirm-detail"
          data-testid="finish-confirm"
        >
          <p id="quiz-confirm-question" class="quiz-confirm__question" ref={question} tabIndex={-1}>
            {t('quiz.confirm.question')}
          </p>
          <p id="quiz-confirm-detail">
            {unanswered > 0
              ? t('quiz.confirm.unanswered', { count: unanswered, total })
              : t('quiz.confirm.allAnswered', { total })}{' '}
            {t('quiz.confirm.final')}
          </p>
          <div class="actions">
            <button type="button" class="button" disabled={busy} onClick={() => setAsking(false)}>
              {t('quiz.confirm.cancel')}
            </button>
            <button type="button" class="button button--primary" disabled={busy} onClick={finish}>
              {t('quiz.confirm.yes')}
            </button>
          </div>
        </div>
      ) : (
        <div class="actions">
          <button type="button" class="button" onClick={onReview}>
            {t('quiz.summary.review')}
          </button>
          <button
            type="button"
            class="button button--primary"
            disabled={busy}
            onClick={() => (confirm ? setAsking(true) : finish())}
          >
            {t('quiz.summary.finish')}
          </button>
        </div>
      )}
    </section>
  );
}
