import '../i18n/screen-messages';
import { useState } from 'preact/hooks';
import type { QuizRole } from '../../shared/course/manifest';
import type { QuizDocument } from '../../shared/quiz/question';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/t';
import type { QuizAvailability } from './quiz-availability';

interface Props {
  doc: QuizDocument;
  role: QuizRole;
  /** The mark that decides "Lulus" (the shared pass rule), or null: then no pass mark is promised. */
  passMark: number | null;
  /** The quiz policy on this phone: attempts used, and whether a new one may start now. */
  availability: QuizAvailability;
  onStart: () => Promise<void>;
}

/** Before an attempt: what kind of quiz this is and what to expect, then "Mulai" — or why the quiz is closed. */
export function QuizIntro({ doc, role, passMark, availability, onStart }: Props) {
  const [busy, setBusy] = useState(false);
  return (
    <div class="quiz-intro">
      <p class="badge">{t(`quiz.role.${role}`)}</p>
      <p>{doc.mode === 'latihan' ? t('quiz.intro.latihan') : t('quiz.intro.ujian')}</p>
      <ul>
        <li>{t('quiz.intro.count', { count: doc.questions.length })}</li>
        {doc.timeLimitMinutes && <li>{t('quiz.intro.time', { minutes: doc.timeLimitMinutes })}</li>}
        {passMark !== null && <li>{t('quiz.intro.pass', { score: passMark })}</li>}
        {availability.max !== null && (
          <li data-testid="quiz-attempts">
            {t('quiz.intro.attempts', { used: availability.used, max: availability.max })}
          </li>
        )}
        <li>{t('quiz.intro.saved')}</li>
      </ul>
      {!availability.open && (
        <p class="quiz-intro__closed" role="status" data-testid="quiz-closed">
          {availability.reason === 'used-up'
            ? t('quiz.closed.usedUp', { max: availability.max })
            : t('quiz.closed.wait', { time: formatDateTime(availability.until) })}
        </p>
      )}
      {availability.open && (
        <button
          type="button"
          class="button button--primary"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void onStart();
          }}
        >
          {t('quiz.start')}
        </button>
      )}
    </div>
  );
}
