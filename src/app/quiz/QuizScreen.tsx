// Lazy chunk: the quiz player with Markdown rendering.
import '../i18n/screen-messages';
import { useLocation, useRoute } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { db } from '../../db/database';
import type { AttemptRecord } from '../../db/learning-records';
import type { Profile } from '../../db/profile';
import type { QuizRef } from '../../shared/course/manifest';
import { passMarkOf } from '../../shared/quiz/pass-verdict';
import { quizPolicyOf } from '../../shared/quiz/quiz-policy';
import { readQuizDocument } from '../courses/read-course-file';
import { NotInstalled } from '../courses/NotInstalled';
import { withLearner } from '../profiles/LearnerGate';
import { QuizIntro } from './QuizIntro';
import { QuizPlayer } from './QuizPlayer';
import { useAsync } from '../util/use-async';
import { useCourse, type CourseOnPhone } from '../courses/use-installed-courses';
import { t } from '../i18n/t';
import { findQuiz } from '../courses/find-in-course';
import { finishAttempt } from './finish-attempt';
import { findOpenAttempt, openAttempt } from './start-attempt';
import { quizAvailability } from './quiz-availability';

/** A quiz: its introduction, or the open attempt exactly where it stopped. */
function Quiz({ learner }: { learner: Profile }) {
  const { params } = useRoute();
  const course = useCourse(params.courseId ?? '');
  if (course === null) return <NotInstalled />;
  if (!course) return null;
  const quiz = findQuiz(course.manifest, params.quizId ?? '');
  if (!quiz) return <NotInstalled />;
  return <QuizLoader key={`${learner.id}/${quiz.id}`} course={course} quiz={quiz} learner={learner} />;
}

function QuizLoader({ course, quiz, learner }: { course: CourseOnPhone; quiz: QuizRef; learner: Profile }) {
  const { route } = useLocation();
  const loaded = useAsync(
    async () => ({
      doc: await readQuizDocument(quiz.file),
      open: await findOpenAttempt(db, learner.id, quiz.id, course.id),
      // Finished attempts on this phone, for the quiz policy (the server counts other phones' too).
      attempts: await db.attempts
        .where('[learnerId+quizId]')
        .equals([learner.id, quiz.id])
        .filter((a) => a.courseId === course.id)
        .toArray(),
    }),
    [quiz.file, quiz.id, learner.id, course.id],
  );
  const [started, setStarted] = useState<AttemptRecord | null>(null);
  const [finishFailed, setFinishFailed] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const availability = loaded.value && quizAvailability(quizPolicyOf(quiz), loaded.value.attempts, now);
  const reopensAt = availability && !availability.open && availability.reason === 'wait' ? availability.until : null;
  useEffect(() => {
    if (reopensAt === null) return;
    // The intro opens by itself when the wait is over; a timer holds at most 2^31-1 ms, so a longer wait looks again then.
    const timer = setTimeout(
      () => setNow(Date.now()),
      Math.min(Math.max(0, reopensAt - Date.now()) + 250, 2 ** 31 - 1),
    );
    return () => clearTimeout(timer);
  }, [reopensAt, now]);
  if (loaded.error !== undefined) {
    return (
      <p class="form__error" role="alert">
        {t('quiz.error.load')}
      </p>
    );
  }
  if (!loaded.value) return null;
  const { doc } = loaded.value;
  const attempt = started ?? loaded.value.open;
  const lang = course.manifest.language;

  async function start() {
    setStarted(
      await openAttempt(db, {
        learnerId: learner.id,
        courseId: course.id,
        courseVersion: course.version,
        quizId: quiz.id,
        mode: doc.mode,
      }),
    );
  }
  async function finish() {
    if (!attempt) return;
    setFinishFailed(false);
    try {
      await finishAttempt(db, attempt.id, doc, Date.now(), quiz.passScore);
    } catch (failure) {
      // The answers are saved already; only closing the attempt failed, and it can be retried.
      setFinishFailed(true);
      throw failure;
    }
    route(`/hasil/${attempt.id}`, true);
  }

  return (
    <section aria-labelledby="quiz-title" class="quiz-screen">
      <p>
        <a href={`/kursus/${course.id}`}>{t('nav.backToCourse')}</a>
      </p>
      <h1 id="quiz-title" lang={lang}>
        {doc.title}
      </h1>
      {finishFailed && (
        <p class="form__error" role="alert">
          {t('quiz.error.finish')}
        </p>
      )}
      {attempt ? (
        <QuizPlayer key={attempt.id} doc={doc} attempt={attempt} lang={lang} onFinish={finish} />
      ) : (
        <QuizIntro
          doc={doc}
          role={quiz.role}
          passMark={passMarkOf(quiz.passScore, doc.passScore)}
          availability={availability!}
          onStart={start}
        />
      )}
    </section>
  );
}

export const QuizScreen = withLearner(Quiz);
