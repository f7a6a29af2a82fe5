import type { LenteraDatabase } from '../../db/database';
import { enqueueOutbox, takeWaitingAnswers } from '../../db/enqueue-outbox';
import type { AnswerRecord, AttemptRecord } from '../../db/learning-records';
import { passMarkOf, passVerdict } from '../../shared/quiz/pass-verdict';
import type { AnswerValue, QuizDocument } from '../../shared/quiz/question';
import { scoreQuiz } from '../../shared/quiz/score-quiz';
import { sameAnswer, toAnswerValue } from './answer-draft';
import { latestAnswers } from './latest-answers';
import { deleteQuestionDrafts, readQuestionDrafts, type QuestionDraft } from './question-drafts';
import { newAnswer } from './record-answer';

/**
 * Closes an attempt and queues its attempt item (which lists the answers to grade) in the same
 * transaction. What is submitted for each question is what its screen showed: an entry changed
 * after the last "Simpan jawaban" is saved here as the answer (at the time it was made), and an
 * entry left empty or unreadable counts as unanswered. latihan is scored here from the shipped
 * keys with the shared pass rule (the manifest's per-quiz mark first, as on the server; no mark,
 * no verdict); ujian waits for the server's grade. Finishing twice returns the finished attempt
 * unchanged, so a double tap cannot queue two items.
 * @example const done = await finishAttempt(db, attempt.id, quizDocument, Date.now(), quizRef.passScore);
 */
export async function finishAttempt(
  db: LenteraDatabase,
  attemptId: string,
  doc: QuizDocument,
  now = Date.now(),
  manifestPassScore?: number,
): Promise<AttemptRecord> {
  return db.transaction('rw', [db.attempts, db.answers, db.outbox, db.syncState, db.drafts], async () => {
    const attempt = await db.attempts.get(attemptId);
    if (!attempt) throw new Error(`attempt ${attemptId} does not exist on this phone`);
    if (attempt.finishedAt !== undefined) return attempt;
    const [latest, drafts] = await Promise.all([latestAnswers(db, attemptId), readQuestionDrafts(db, attemptId)]);
    const submitted = new Map(latest);
    let answersGiven = attempt.answersGiven;
    for (const question of doc.questions) {
      const draft = drafts.get(question.id);
      const saved = latest.get(question.id);
      if (!draft || !onScreen(draft, saved)) continue;
      const shown = toAnswerValue(question, draft.entry);
      if (!shown.ok) {
        submitted.delete(question.id);
        continue;
      }
      if (saved && sameAnswer(saved.value, shown.value)) continue;
      const at = Math.min(draft.updatedAt, now);
      const { record, item } = newAnswer({ ...attempt, answersGiven }, question.id, shown.value, at);
      await Promise.all([db.answers.add(record), enqueueOutbox(db, item)]);
      if (answersGiven !== undefined) answersGiven++;
      submitted.set(question.id, record);
    }
    await deleteQuestionDrafts(db, attemptId);
    const scored = doc.mode === 'latihan' && doc.keys ? scoreQuiz(doc, answerValues(submitted)) : undefined;
    const passed = scored ? passVerdict(scored.percent, passMarkOf(manifestPassScore, doc.passScore)) : null;
    const finished: AttemptRecord = {
      ...attempt,
      finishedAt: now,
      currentIndex: doc.questions.length,
      ...(answersGiven !== undefined && { answersGiven }),
      gradeStatus: scored ? 'local' : 'pending',
      ...(scored && { score: scored.percent }),
      ...(passed !== null && { passed }),
    };
    await db.attempts.put(finished);
    // The attempt's answers still waiting to go out travel in its row from now on (takeWaitingAnswers).
    const answerIds = await db.answers.where('attemptId').equals(attemptId).primaryKeys();
    const folded = await takeWaitingAnswers(db, answerIds);
    await enqueueOutbox(
      db,
      {
        kind: 'attempt',
        // One attempt item per attempt: its id is the attempt's, so a replay is a plain duplicate.
        id: attempt.id,
        learnerId: attempt.learnerId,
        attemptId: attempt.id,
        courseId: attempt.courseId,
        courseVersion: attempt.courseVersion,
        quizId: attempt.quizId,
        mode: attempt.mode,
        startedAt: attempt.startedAt,
        finishedAt: now,
        answerIds: [...submitted.values()].map((a) => a.id),
        ...(scored && { clientScore: scored.percent }),
      },
      folded,
    );
    return finished;
  });
}

/** A kept entry is what the screen shows unless a later "Simpan jawaban" replaced it. */
function onScreen(draft: QuestionDraft, saved: AnswerRecord | undefined): boolean {
  return !saved || draft.updatedAt >= saved.answeredAt;
}

function answerValues(latest: Map<string, { value: AnswerValue }>): Record<string, AnswerValue> {
  return Object.fromEntries([...latest].map(([questionId, a]) => [questionId, a.value]));
}
