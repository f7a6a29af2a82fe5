import type { AttemptRecord } from '../../db/learning-records';
import type { QuizRef } from '../../shared/course/manifest';
import { formatPercent } from '../i18n/format';
import { t } from '../i18n/t';

interface Props {
  courseId: string;
  quiz: QuizRef;
  attempts: AttemptRecord[];
  /** Language of the course content. */
  lang: string;
}

/** A quiz in the outline: its kind, and the learner's open attempt or last result. */
export function QuizLink({ courseId, quiz, attempts, lang }: Props) {
  const mine = attempts.filter((a) => a.quizId === quiz.id).sort((a, b) => b.startedAt - a.startedAt);
  const open = mine.find((a) => a.finishedAt === undefined);
  const last = mine.find((a) => a.finishedAt !== undefined);
  let status = t('quiz.status.new');
  if (open) status = t('quiz.status.open', { answered: open.currentIndex, total: quiz.questionCount });
  else if (last?.gradeStatus === 'pending') status = t('result.pending');
  else if (last?.score !== undefined)
    status = t(last.passed ? 'quiz.status.passed' : 'quiz.status.scored', { score: formatPercent(last.score) });
  return (
    <a class="card quiz-link" href={`/kursus/${courseId}/kuis/${quiz.id}`}>
      <span class="quiz-link__kind">{t(`quiz.role.${quiz.role}`)}</span>
      <span class="quiz-link__title" lang={lang}>
        {quiz.title}
      </span>
      <span class="quiz-link__status">{status}</span>
    </a>
  );
}
