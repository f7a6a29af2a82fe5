// @vitest-environment node
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LenteraDatabase } from '../../db/database';
import { SyncItemSchema } from '../../shared/sync/sync-item';
import * as v from 'valibot';
import type { QuizDocument } from '../../shared/quiz/question';
import { finishAttempt } from './finish-attempt';
import { latestAnswers } from './latest-answers';
import { recordAnswer } from './record-answer';
import { openAttempt } from './start-attempt';
import { saveQuestionDraft } from './question-drafts';

const learnerId = '0192f000-0000-7000-8000-000000000001';
const otherLearner = '0192f000-0000-7000-8000-000000000002';
const target = {
  learnerId,
  courseId: 'keuangan-desa',
  courseVersion: '1.0.0',
  quizId: 'latihan-1',
  mode: 'latihan' as const,
};

const doc: QuizDocument = {
  id: 'latihan-1',
  title: 'Latihan',
  mode: 'latihan',
  passScore: 70,
  questions: [1, 2, 3, 4].map((n) => ({ id: `q${n}`, type: 'truefalse' as const, text: `Soal ${n}` })),
  keys: Object.fromEntries([1, 2, 3, 4].map((n) => [`q${n}`, { type: 'truefalse' as const, correct: true }])),
};

let db: LenteraDatabase;
beforeEach(async () => {
  db = new LenteraDatabase(`test-${crypto.randomUUID()}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

const yes = { type: 'truefalse' as const, value: true };
const no = { type: 'truefalse' as const, value: false };

describe('openAttempt', () => {
  it('starts a new attempt at question 0 and reopens the same one until it is finished', async () => {
    const first = await openAttempt(db, target);
    expect(first.currentIndex).toBe(0);
    expect(first.gradeStatus).toBe('local');
    expect((await openAttempt(db, target)).id).toBe(first.id);
    await finishAttempt(db, first.id, doc);
    expect((await openAttempt(db, target)).id).not.toBe(first.id);
  });

  it('keeps attempts per learner on a shared phone', async () => {
    const mine = await openAttempt(db, target);
    const theirs = await openAttempt(db, { ...target, learnerId: otherLearner });
    expect(theirs.id).not.toBe(mine.id);
  });

  it('marks an ujian attempt as waiting for the server grade', async () => {
    expect((await openAttempt(db, { ...target, mode: 'ujian' })).gradeStatus).toBe('pending');
  });
});

describe('recordAnswer', () => {
  it('stores the answer, a valid outbox item and the resume point together', async () => {
    const attempt = await openAttempt(db, target);
    const answer = await recordAnswer(db, attempt, { questionId: 'q1', questionIndex: 0, value: yes }, 1000);
    expect(await db.answers.get(answer.id)).toEqual(answer);
    const row = await db.outbox.where('id').equals(answer.id).first();
    expect(row?.state).toBe('pending');
    expect(row?.learnerId).toBe(learnerId);
    expect(v.parse(SyncItemSchema, row?.item)).toMatchObject({
      kind: 'answer',
      attemptId: attempt.id,
      quizId: 'latihan-1',
      questionId: 'q1',
      value: yes,
      answeredAt: 1000,
    });
    expect((await db.attempts.get(attempt.id))?.currentIndex).toBe(1);
  });

  it('resumes after three answers at the fourth question, as a freshly opened database sees it', async () => {
    const attempt = await openAttempt(db, target);
    for (const [i, id] of ['q1', 'q2', 'q3'].entries()) {
      await recordAnswer(db, attempt, { questionId: id, questionIndex: i, value: yes });
    }
    db.close();
    const reopened = new LenteraDatabase(db.name);
    const resumed = await openAttempt(reopened, target);
    expect(resumed.id).toBe(attempt.id);
    expect(resumed.currentIndex).toBe(3);
    expect([...(await latestAnswers(reopened, attempt.id)).keys()]).toEqual(['q1', 'q2', 'q3']);
    expect(await reopened.outbox.count()).toBe(3);
    reopened.close();
    await db.open();
  });

  it('writes neither the answer nor the resume point when its outbox row cannot be written', async () => {
    const attempt = await openAttempt(db, target);
    // Occupy the next sequence number so that the outbox insert fails after the answer insert.
    await db.outbox.add({ seq: 1, id: 'blocker', learnerId, item: {} as never, state: 'dead', tries: 0, nextTryAt: 0 });
    await expect(recordAnswer(db, attempt, { questionId: 'q1', questionIndex: 0, value: yes })).rejects.toThrow();
    expect(await db.answers.count()).toBe(0);
    expect((await db.attempts.get(attempt.id))?.currentIndex).toBe(0);
    expect(await db.syncState.get('deviceSeq')).toBeUndefined();
  });

  it('refuses an answer to a finished attempt', async () => {
    const attempt = await openAttempt(db, target);
    await finishAttempt(db, attempt.id, doc);
    await expect(recordAnswer(db, attempt, { questionId: 'q1', questionIndex: 0, value: yes })).rejects.toThrow(
      `attempt ${attempt.id} is already finished`,
    );
    expect(await db.answers.count()).toBe(0);
    expect((await db.outbox.toArray()).map((r) => r.item.kind)).toEqual(['attempt']);
  });

  it('keeps a changed answer as a new item; the latest one counts', async () => {
    const attempt = await openAttempt(db, target);
    const first = await recordAnswer(db, attempt, { questionId: 'q1', questionIndex: 0, value: no }, 1000);
    const retry = await recordAnswer(db, attempt, { questionId: 'q1', questionIndex: 0, value: yes }, 1000);
    expect(retry.id).not.toBe(first.id);
    expect((await latestAnswers(db, attempt.id)).get('q1')?.id).toBe(retry.id);
    expect(await db.outbox.count()).toBe(2);
  });

  it('still resumes after the furthest answer when an earlier one is changed', async () => {
    const attempt = await openAttempt(db, target);
    await recordAnswer(db, attempt, { questionId: 'q1', questionIndex: 0, value: yes });
    await recordAnswer(db, attempt, { questionId: 'q2', questionIndex: 1, value: yes });
    await recordAnswer(db, attempt, { questionId: 'q1', questionIndex: 0, value: no });
    expect((await db.attempts.get(attempt.id))?.currentIndex).toBe(2);
  });

  it('numbers outbox rows in sequence', async () => {
    const attempt = await openAttempt(db, target);
    await recordAnswer(db, attempt, { questionId: 'q1', questionIndex: 0, value: yes });
    await recordAnswer(db, attempt, { questionId: 'q2', questionIndex: 1, value: yes });
    expect((await db.outbox.toArray()).map((r) => r.item.seq)).toEqual([1, 2]);
  });
});

describe('answer ids', () => {
  it("numbers an attempt's answers from its id, changed ones and those finishAttempt saves included", async () => {
    const attempt = await openAttempt(db, target);
    expect(attempt.id).toMatch(/0000$/);
    const a = await recordAnswer(db, attempt, { questionId: 'q1', questionIndex: 0, value: yes });
    const b = await recordAnswer(db, attempt, { questionId: 'q2', questionIndex: 1, value: yes });
    const c = await recordAnswer(db, attempt, { questionId: 'q1', questionIndex: 0, value: no });
    const prefix = attempt.id.slice(0, 32);
    expect([a.id, b.id, c.id]).toEqual([`${prefix}0001`, `${prefix}0002`, `${prefix}0003`]);
    await saveQuestionDraft(db, attempt.id, 'q3', { value: true }); // submitted by finishing
    const finished = await finishAttempt(db, attempt.id, doc);
    const ids = (await db.answers.where('attemptId').equals(attempt.id).toArray()).map((r) => r.id).sort();
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id.startsWith(prefix))).toBe(true);
    expect(finished.answersGiven).toBe(ids.length);
    for (const row of await db.outbox.toArray()) expect(v.safeParse(SyncItemSchema, row.item).success).toBe(true);
  });

  it('two screens on one attempt: the one whose count is stale numbers its answer after the other', async () => {
    const attempt = await openAttempt(db, target);
    const otherScreen = { ...attempt };
    const first = await recordAnswer(db, attempt, { questionId: 'q1', questionIndex: 0, value: yes });
    const second = await recordAnswer(db, otherScreen, { questionId: 'q2', questionIndex: 1, value: no });
    expect(second.id).not.toBe(first.id);
    expect(second.id.slice(32)).toBe('0002');
    expect(await db.answers.count()).toBe(2);
    expect((await db.attempts.get(attempt.id))?.answersGiven).toBe(2);
  });

  it('a stale screen whose answer id is already taken numbers it after the stored count, whichever abort comes first', async () => {
    const attempt = await openAttempt(db, target);
    const otherScreen = { ...attempt };
    await recordAnswer(db, attempt, { questionId: 'q1', questionIndex: 0, value: yes });
    // The taken id aborts the transaction before the count check can: the check reads what the stale screen holds.
    const get = db.attempts.get.bind(db.attempts);
    vi.spyOn(db.attempts, 'get').mockImplementationOnce(((key: string) =>
      get(key).then((stored) => stored && { ...stored, answersGiven: 0 })) as typeof db.attempts.get);
    const second = await recordAnswer(db, otherScreen, { questionId: 'q2', questionIndex: 1, value: no });
    expect(second.id.slice(32)).toBe('0002');
    expect(await db.answers.count()).toBe(2);
    expect((await db.attempts.get(attempt.id))?.answersGiven).toBe(2);
  });

  it('an attempt started before answers were numbered keeps random ids', async () => {
    const attempt = await openAttempt(db, target);
    const legacy = { ...attempt, answersGiven: undefined };
    await db.attempts.put(legacy);
    const a = await recordAnswer(db, legacy, { questionId: 'q1', questionIndex: 0, value: yes });
    const b = await recordAnswer(db, legacy, { questionId: 'q2', questionIndex: 1, value: yes });
    expect(a.id.slice(0, 32)).not.toBe(attempt.id.slice(0, 32));
    expect(b.id).not.toBe(a.id);
    expect((await db.attempts.get(attempt.id))?.answersGiven).toBeUndefined();
  });
});

describe('finishAttempt', () => {
  it('scores latihan on the phone and lists the latest answers in the attempt item', async () => {
    const attempt = await openAttempt(db, target);
    await recordAnswer(db, attempt, { questionId: 'q1', questionIndex: 0, value: no }, 1);
    const kept = await recordAnswer(db, attempt, { questionId: 'q1', questionIndex: 0, value: yes }, 2);
    const q2 = await recordAnswer(db, attempt, { questionId: 'q2', questionIndex: 1, value: yes }, 3);
    const q3 = await recordAnswer(db, attempt, { questionId: 'q3', questionIndex: 2, value: yes }, 4);
    const done = await finishAttempt(db, attempt.id, doc, 5);
    expect(done).toMatchObject({ finishedAt: 5, score: 75, passed: true, gradeStatus: 'local', currentIndex: 4 });
    const item = v.parse(SyncItemSchema, (await db.outbox.where('id').equals(attempt.id).first())?.item);
    expect(item).toMatchObject({ kind: 'attempt', clientScore: 75, startedAt: attempt.startedAt, finishedAt: 5 });
    expect(item.kind === 'attempt' && [...item.answerIds].sort()).toEqual([kept.id, q2.id, q3.id].sort());
  });

  it('leaves an ujian waiting for the server grade, without a client score', async () => {
    const attempt = await openAttempt(db, { ...target, mode: 'ujian' });
    await recordAnswer(db, attempt, { questionId: 'q1', questionIndex: 0, value: yes });
    const { keys: _keys, ...ujian } = doc;
    const done = await finishAttempt(db, attempt.id, { ...ujian, mode: 'ujian' });
    expect(done.gradeStatus).toBe('pending');
    expect(done.score).toBeUndefined();
    const row = await db.outbox.where('id').equals(attempt.id).first();
    expect(row?.item).not.toHaveProperty('clientScore');
  });

  it('does not queue a second attempt item when finished twice', async () => {
    const attempt = await openAttempt(db, target);
    const once = await finishAttempt(db, attempt.id, doc, 10);
    const twice = await finishAttempt(db, attempt.id, doc, 20);
    expect(twice).toEqual(once);
    expect(await db.outbox.count()).toBe(1);
  });

  it('fails clearly for an unknown attempt', async () => {
    await expect(finishAttempt(db, 'nope', doc)).rejects.toThrow('attempt nope does not exist on this phone');
  });
});
