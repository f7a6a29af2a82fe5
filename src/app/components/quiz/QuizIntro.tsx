import { useState } from 'preact/hooks';
import type { QuizRole } from '../../../shared/course/manifest';
import type { QuizDocument } from '../../../shared/quiz/question';
import { t } from '../../i18n/t';

/** Before an attempt: what kind of quiz this is and what to expect, then "Mulai". */
export function QuizIntro({ doc, role, onStart }: { doc: QuizDocument; role: QuizRole; onStart: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  return (
    <div class="quiz-intro">
      <p class="badge">{t(`quiz.role.${role}`)}</p>
      <p>{doc.mode === 'latihan' ? t('quiz.intro.latihan') : t('quiz.intro.ujian')}</p>
      <ul>
        <li>{t('quiz.intro.count', { count: doc.questions.length })}</li>
        {doc.timeLimitMinutes && <li>{t('quiz.intro.time', { minutes: doc.timeLimitMinutes })}</li>}
        {doc.passScore !== undefined && <li>{t('quiz.intro.pass', { score: doc.passScore })}</li>}
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
