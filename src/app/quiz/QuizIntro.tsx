import { useState } from 'preact/hooks';
import type { QuizRole } from '../../shared/course/manifest';
import type { QuizDocument } from '../../shared/quiz/question';
import { t } from '../i18n/t';

interface Props {
  doc: QuizDocument;
  role: QuizRole;
  /** The mark that decides "Lulus" (the shared pass rule), or null: then no pass mark is promised. */
  passMark: number | null;
  onStart: () => Promise<void>;
}

/** Before an attempt: what kind of quiz this is and what to expect, then "Mulai". */
export function QuizIntro({ doc, role, passMark, onStart }: Props) {
  const [busy, setBusy] = useState(false);
  return (
    <div class="quiz-intro">
      <p class="badge">{t(`quiz.role.${role}`)}</p>
      <p>{doc.mode === 'latihan' ? t('quiz.intro.latihan') : t('quiz.intro.ujian')}</p>
      <ul>
        <li>{t('quiz.intro.count', { count: doc.questions.length })}</li>
        {doc.timeLimitMinutes && <li>{t('quiz.intro.time', { minutes: doc.timeLimitMinutes })}</li>}
        {passMark !== null && <li>{t('quiz.intro.pass', { score: passMark })}</li>}
        <li>{t('quiz.intro.saved')}</li>
      </ul>
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
    </div>
  );
}
