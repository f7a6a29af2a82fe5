// The browser side of two benchmarks, built at bench time (bench/page/vite.config.ts): the app's own
// answer saving and sync engine, driven from Node through `window.lenteraBench`.
import Dexie from 'dexie';
import { LenteraDatabase } from '../../src/db/database';
import type { AttemptRecord, OutboxRow } from '../../src/db/learning-records';
import { recordAnswer } from '../../src/app/quiz/record-answer';
import { browserSyncContext } from '../../src/sync/sync-context';
import { syncOnce } from '../../src/sync/sync-once';

const timed = async (n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await fn(i);
    out.push(performance.now() - start);
  }
  return out;
};

// Opened once, before any timing: each round of saves reuses the same connection and attempt, so no
// sample includes opening the database.
let answersDb: Promise<{ db: LenteraDatabase; attempt: AttemptRecord }> | undefined;
let bareDb: Promise<Dexie> | undefined;

async function openAnswers() {
  const db = new LenteraDatabase('bench-answers');
  await db.open();
  const attempt: AttemptRecord = {
    id: crypto.randomUUID(),
    learnerId: crypto.randomUUID(),
    courseId: 'perencanaan',
    courseVersion: '1.0.0',
    quizId: 'latihan-1',
    mode: 'latihan',
    startedAt: Date.now(),
    currentIndex: 0,
    gradeStatus: 'local',
  };
  await db.attempts.put(attempt);
  return { db, attempt };
}

async function openBare() {
  const db = new Dexie('bench-bare', { chromeTransactionDurability: 'strict' });
  db.version(1).stores({ answers: 'id' });
  await db.open();
  return db;
}

const bench = {
  /** `n` answers saved through recordAnswer (answer + outbox row + resume point, strict), each timed. */
  async answerSave(n: number): Promise<number[]> {
    const { db, attempt } = await (answersDb ??= openAnswers());
    return timed(n, (i) =>
      recordAnswer(db, attempt, {
        questionId: `q${i % 10}`,
        questionIndex: i % 10,
        value: { type: 'single', choice: 'a' },
      }),
    );
  },
  /** The floor: one strict Dexie `put` of a record of the same shape per answer. */
  async barePut(n: number): Promise<number[]> {
    const db = await (bareDb ??= openBare());
    const learnerId = crypto.randomUUID();
    const attemptId = crypto.randomUUID();
    return timed(n, (i) =>
      db.table('answers').put({
        id: crypto.randomUUID(),
        attemptId,
        learnerId,
        questionId: `q${i % 10}`,
        value: { type: 'single', choice: 'a' },
        answeredAt: Date.now(),
      }),
    );
  },
  /** Queues `rows` as the app's outbox and runs the real engine until nothing is pending. */
  async sync(profile: { id: string; token: string }, rows: OutboxRow[]): Promise<{ ms: number; requests: number }> {
    const db = new LenteraDatabase('bench-sync');
    await db.profiles.put({
      id: profile.id,
      username: profile.id,
      name: 'Bench',
      role: 'learner',
      desaCode: null,
      token: profile.token,
      tokenExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      signedInAt: Date.now(),
    });
    await db.outbox.bulkAdd(rows);
    let requests = 0;
    const ctx = browserSyncContext(db, crypto.randomUUID());
    ctx.requestTimeoutMs = 60_000;
    ctx.fetch = (input, init) => {
      requests++;
      return fetch(input, init);
    };
    const pending = () =>
      db.outbox.where('[state+nextTryAt]').between(['pending', -Infinity], ['pending', Infinity]).count();
    const start = performance.now();
    for (let run = 0; run < 20 && (await pending()) > 0; run++) await syncOnce(ctx);
    const ms = performance.now() - start;
    if ((await pending()) > 0) throw new Error('sync did not drain in 20 runs');
    return { ms, requests };
  },
};

(window as unknown as { lenteraBench: typeof bench }).lenteraBench = bench;
document.body.dataset.ready = '1';
