import { useState } from 'preact/hooks';
import { t } from '../../i18n/t';

interface Props {
  answered: number;
  total: number;
  onReview: () => void;
  onFinish: () => Promise<void>;
}

/** After the last question: how many are answered, and the one button that ends the attempt. */
export function QuizSummary({ answered, total, onReview, onFinish }: Props) {
  const [busy, setBusy] = useState(false);
  return (
    <section class="quiz-summary" aria-labelledby="summary-title">
      <h2 id="summary-title" tabIndex={-1}>
        {t('quiz.summary.title')}
      </h2>
      <p>{t('quiz.summary.answered', { answered, total })}</p>
      {answered < total && <p class="form__error">{t('quiz.summary.unanswered', { count: total - answered })}</p>}
      <div class="actions">
        <button type="button" class="button" onClick={onReview}>
          {t('quiz.summary.review')}
        </button>
        <button
          type="button"
          class="button button--primary"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            onFinish().catch(() => setBusy(false));
          }}
        >
          {t('quiz.summary.finish')}
        </button>
      </div>
    </section>
  );
}
