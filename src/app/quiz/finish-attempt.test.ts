// @vitest-environment node
import 'fake-indexeddb/auto';
import { quizPolicyOf } from '../../shared/quiz/quiz-policy';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LenteraDatabase } from '../../db/database';
import { rowItems } from '../../db/row-items';
import { gradeOf } from '../../server/sync/grade-attempts';
import type { QuizDocument } from '../../shared/quiz/question';
import { SyncItemSchema, type AnswerItem, type SyncItem } from '../../shared/sync/sync-item';
import { finishAttempt } from './finish-attempt';
import { readQuestionDrafts, saveQuestionDraft } from './question-drafts';
import { recordAnswer } from './record-answer';
import { openAttempt } from './start-attempt';

const learnerId = '0192f000-0000-7000-8000-000000000001';
const target = {
  learnerId,
  courseId: 'keuangan-desa',
  courseVersion: '1.0.0',
  quizId: 'kuis',
  mode: 'latihan' as const,
};
const yes = { type: 'truefalse' as const, value: true };
const no = { type: 'truefalse' as const, value: false };

/** `count` true/false questions whose right answer is "true", plus one multiple-choice question. */
function quiz(count: number, extra: Partial<QuizDocument> = {}): QuizDocument {
  const ids = Array.from({ length: count }, (_, i) => `q${i + 1}`);
  return {
    id: 'kuis',
    title: 'Kuis',
    mode: 'latihan',
    questions: [
      ...ids.map((id) => ({ id, type: 'truefalse' as const, text: id })),
      { id: 'm', type: 'multiple', text: 'm', choices: ['a', 'b', 'c'].map((c) => ({ id: c, text: c })) },
    ],
    keys: {
      ...Object.fromEntries(ids.map((id) => [id, { type: 'truefalse' as const, correct: true }])),
      m: { type: 'multiple', weights: { a: 50, b: -100, c: 50 } },
    },
    ...extra,
  };
}

let db: LenteraDatabase;
beforeEach(async () => {
  db = new LenteraDatabase(`test-${crypto.randomUUID()}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

async function outboxItems(): Promise<SyncItem[]> {
  return (await db.outbox.toArray()).flatMap(rowItems).map((item) => v.parse(SyncItemSchema, item));
}

/**
 * Answers the first `right` true/false questions right and the others wrong, the multiple-choice one
 * right or not at all, finishes on the phone, and grades the same outbox items on the server.
 */
async function phoneAndServer(doc: QuizDocument, right: number, multiple: boolean, manifestPassScore?: number) {
  const attempt = await openAttempt(db, target);
  for (const [i, question] of doc.questions.entries()) {
    if (question.type === 'multiple' && !multiple) continue;
    const value =
      question.type === 'multiple' ? { type: 'multiple' as const, choices: ['a', 'c'] } : i < right ? yes : no;
    await recordAnswer(db, attempt, { questionId: question.id, questionIndex: i, value }, 1000 + i);
  }
  const phone = await finishAttempt(db, attempt.id, doc, 5000, manifestPassScore);
  const items = await outboxItems();
  const attemptItem = items.find((i) => i.kind === 'attempt');
  const answers = items.filter((i): i is AnswerItem => i.kind === 'answer');
  const server = gradeOf(
    {
      doc,
      role: 'practice',
      passScore: manifestPassScore ?? null,
      policy: quizPolicyOf({ role: 'practice', mode: doc.mode }),
    },
    answers,
    attemptItem?.kind === 'attempt' ? (attemptItem.clientScore ?? null) : null,
  );
  return { phone, server };
}

describe('the pass verdict on the phone agrees with the server', () => {
  it('gives a latihan with no pass mark at 58.3 % no verdict on either side', async () => {
    // 12 questions: 7 of the 11 true/false right, the multiple-choice one unanswered = 7/12.
    const { phone, server } = await phoneAndServer(quiz(11), 7, false);
    expect(phone.score).toBe(58.33);
    expect(server.score).toBe(58.33);
    expect(server.passed).toBeNull();
    expect(phone.passed).toBeUndefined();
    expect(server.mismatch).toBe(false);
  });

  it("uses the manifest's mark for a post-test at 70 on both sides, before the document's", async () => {
    // 9 true/false + 1 multiple: 6 true/false right and the multiple one right = 7/10 = 70 %.
    const doc = quiz(9, { passScore: 80 });
    const { phone, server } = await phoneAndServer(doc, 6, true, 70);
    expect(phone.score).toBe(70);
    expect(server.score).toBe(70);
    expect(phone.passed).toBe(true);
    expect(server.passed).toBe(true);
  });

  it("uses the document's mark when the manifest has none, and both say not passed below it", async () => {
    const { phone, server } = await phoneAndServer(quiz(9, { passScore: 80 }), 6, true);
    expect(phone.passed).toBe(false);
    expect(server.passed).toBe(false);
  });
});

describe('finishing submits what each question showed', () => {
  it('submits an entry changed after its last save, at the time it was made', async () => {
    const doc = quiz(2, { passScore: 50 });
    const attempt = await openAttempt(db, target);
    await recordAnswer(
      db,
      attempt,
      { questionId: 'm', questionIndex: 2, value: { type: 'multiple', choices: ['b'] } },
      1000,
    );
    await saveQuestionDraft(db, attempt.id, 'm', { choices: ['a', 'c'] }, 2000);
    const done = await finishAttempt(db, attempt.id, doc, 3000);
    const items = await outboxItems();
    const latestM = items.filter((i) => i.kind === 'answer' && i.questionId === 'm').at(-1);
    expect(latestM).toMatchObject({ value: { type: 'multiple', choices: ['a', 'c'] }, answeredAt: 2000 });
    const attemptItem = items.find((i) => i.kind === 'attempt');
    expect(attemptItem?.kind === 'attempt' && attemptItem.answerIds).toEqual([latestM?.id]);
    expect(done.score).toBe(33.33);
    expect(await db.drafts.count()).toBe(0);
  });

  it('submits an entry that was never saved with "Simpan jawaban"', async () => {
    const attempt = await openAttempt(db, { ...target, mode: 'ujian' });
    await saveQuestionDraft(db, attempt.id, 'q1', { value: false }, 1500);
    const { keys: _keys, ...ujian } = quiz(2);
    await finishAttempt(db, attempt.id, { ...ujian, mode: 'ujian' }, 3000);
    const items = await outboxItems();
    const answer = items.find((i) => i.kind === 'answer');
    expect(answer).toMatchObject({ questionId: 'q1', value: no, answeredAt: 1500 });
    const attemptItem = items.find((i) => i.kind === 'attempt');
    expect(attemptItem?.kind === 'attempt' && attemptItem.answerIds).toEqual([answer?.id]);
  });

  it('does not queue the same answer again when the entry equals the saved one', async () => {
    const attempt = await openAttempt(db, target);
    const saved = await recordAnswer(db, attempt, { questionId: 'q1', questionIndex: 0, value: yes }, 1000);
    await saveQuestionDraft(db, attempt.id, 'q1', { value: true }, 2000);
    await finishAttempt(db, attempt.id, quiz(2), 3000);
    const items = await outboxItems();
    expect(items.filter((i) => i.kind === 'answer').map((i) => i.id)).toEqual([saved.id]);
  });

  it('counts an emptied or unreadable entry as unanswered, as the screen showed it', async () => {
    const doc: QuizDocument = {
      ...quiz(1),
      questions: [...quiz(1).questions, { id: 'n', type: 'numeric', text: 'n' }],
      keys: { ...quiz(1).keys, n: { type: 'numeric', ranges: [{ min: 6, max: 6 }] } },
    };
    const attempt = await openAttempt(db, target);
    await recordAnswer(
      db,
      attempt,
      { questionId: 'm', questionIndex: 1, value: { type: 'multiple', choices: ['a', 'c'] } },
      1000,
    );
    await recordAnswer(db, attempt, { questionId: 'n', questionIndex: 2, value: { type: 'numeric', value: 6 } }, 1001);
    await saveQuestionDraft(db, attempt.id, 'm', { choices: [] }, 2000);
    await saveQuestionDraft(db, attempt.id, 'n', { text: 'enam' }, 2001);
    const done = await finishAttempt(db, attempt.id, doc, 3000);
    const attemptItem = (await outboxItems()).find((i) => i.kind === 'attempt');
    expect(attemptItem?.kind === 'attempt' && attemptItem.answerIds).toEqual([]);
    expect(done.score).toBe(0);
  });

  it('ignores an entry older than the answer saved after it', async () => {
    const attempt = await openAttempt(db, target);
    await saveQuestionDraft(db, attempt.id, 'q1', { value: false }, 500);
    // A draft written by an older app version that did not clear it on save.
    const saved = await recordAnswer(db, attempt, { questionId: 'q1', questionIndex: 0, value: yes }, 1000);
    await saveQuestionDraft(db, attempt.id, 'q1', { value: false }, 500);
    await finishAttempt(db, attempt.id, quiz(2), 3000);
    const attemptItem = (await outboxItems()).find((i) => i.kind === 'attempt');
    expect(attemptItem?.kind === 'attempt' && attemptItem.answerIds).toEqual([saved.id]);
  });

  it("clears this attempt's kept entries and no other form's", async () => {
    const attempt = await openAttempt(db, target);
    const other = await openAttempt(db, { ...target, quizId: 'lain' });
    await saveQuestionDraft(db, attempt.id, 'q1', { value: true });
    await saveQuestionDraft(db, other.id, 'q1', { value: true });
    await db.drafts.put({ key: 'signIn.username', value: 'siti', updatedAt: 1 });
    await finishAttempt(db, attempt.id, quiz(2));
    expect((await db.drafts.toArray()).map((d) => d.key).sort()).toEqual([`answer:${other.id}:q1`, 'signIn.username']);
  });
});

describe("the attempt's outbox row", () => {
  it('carries the answers that had not gone out, in the order given, and leaves no row of their own', async () => {
    const doc = quiz(3);
    const attempt = await openAttempt(db, target);
    for (const [i, id] of ['q1', 'q2', 'q3', 'q1'].entries())
      await recordAnswer(db, attempt, { questionId: id, questionIndex: i % 3, value: yes }, 1000 + i);
    await db.outbox.add({
      seq: 900,
      id: '0192f000-0000-7000-8000-0000000000aa',
      learnerId,
      item: {
        kind: 'progress',
        id: '0192f000-0000-7000-8000-0000000000aa',
        learnerId,
        seq: 900,
        courseId: 'c',
        lessonId: 'l',
        completed: true,
        hlc: '000000000000001:000000:a',
        updatedAt: 1,
      },
      state: 'pending',
      tries: 0,
      nextTryAt: 0,
    });
    const answerRows = (await db.outbox.toArray()).filter((r) => r.item.kind === 'answer');
    await finishAttempt(db, attempt.id, doc, 5000);
    const rows = await db.outbox.toArray();
    // The progress row is someone else's; the attempt's row carries its four answers.
    expect(rows.map((r) => r.item.kind).sort()).toEqual(['attempt', 'progress']);
    const row = rows.find((r) => r.item.kind === 'attempt')!;
    expect(row.answers?.map((a) => a.id)).toEqual(answerRows.map((r) => r.id));
    expect(row.answers?.map((a) => a.seq)).toEqual(answerRows.map((r) => r.seq));
    expect(rowItems(row).at(-1)).toBe(row.item);
    expect(row.item.kind === 'attempt' && row.item.answerIds).toHaveLength(3);
  });

  it('keeps the own rows of answers already sent, tried or set aside, and carries only the rest', async () => {
    const doc = quiz(4);
    const attempt = await openAttempt(db, target);
    for (const [i, id] of ['q1', 'q2', 'q3', 'q4'].entries())
      await recordAnswer(db, attempt, { questionId: id, questionIndex: i, value: yes }, 1000 + i);
    const [synced, tried, held, waiting] = (await db.outbox.toArray()).sort((a, b) => a.seq - b.seq);
    await db.outbox.bulkPut([
      { ...synced!, state: 'synced', syncedAt: 2000 },
      { ...tried!, tries: 1, nextTryAt: 9000, lastError: 'network' },
      { ...held!, lastError: 'held', nextTryAt: 9000 },
    ]);
    await finishAttempt(db, attempt.id, doc, 5000);
    const rows = (await db.outbox.toArray()).sort((a, b) => a.seq - b.seq);
    expect(rows.map((r) => [r.seq, r.state, r.item.kind])).toEqual([
      [synced!.seq, 'synced', 'answer'],
      [tried!.seq, 'pending', 'answer'],
      [held!.seq, 'pending', 'answer'],
      [expect.any(Number), 'pending', 'attempt'],
    ]);
    expect(rows.at(-1)!.answers?.map((a) => a.id)).toEqual([waiting!.id]);
  });

  it('carries no answers field when every answer went out before the finish', async () => {
    const attempt = await openAttempt(db, target);
    await recordAnswer(db, attempt, { questionId: 'q1', questionIndex: 0, value: yes }, 1000);
    await db.outbox.toCollection().modify({ state: 'synced', syncedAt: 2000 });
    await finishAttempt(db, attempt.id, quiz(1), 5000);
    const row = (await db.outbox.toArray()).find((r) => r.item.kind === 'attempt')!;
    expect('answers' in row).toBe(false);
  });
});

describe('question drafts', () => {
  it('keep every tick through a closed database, and a save clears only its own question', async () => {
    const attempt = await openAttempt(db, target);
    await saveQuestionDraft(db, attempt.id, 'm', { choices: ['a', 'c'] }, 10);
    await saveQuestionDraft(db, attempt.id, 'q1', { value: false }, 11);
    db.close();
    const reopened = new LenteraDatabase(db.name);
    expect(await readQuestionDrafts(reopened, attempt.id)).toEqual(
      new Map([
        ['m', { entry: { choices: ['a', 'c'] }, updatedAt: 10 }],
        ['q1', { entry: { value: false }, updatedAt: 11 }],
      ]),
    );
    await recordAnswer(reopened, attempt, { questionId: 'q1', questionIndex: 0, value: no });
    expect([...(await readQuestionDrafts(reopened, attempt.id)).keys()]).toEqual(['m']);
    reopened.close();
    await db.open();
  });

  it('skip a row that is not an entry', async () => {
    const attempt = await openAttempt(db, target);
    await db.drafts.put({ key: `answer:${attempt.id}:q1`, value: '{broken', updatedAt: 1 });
    await db.drafts.put({ key: `answer:${attempt.id}:q2`, value: '[1]', updatedAt: 1 });
    expect((await readQuestionDrafts(db, attempt.id)).size).toBe(0);
  });
});
