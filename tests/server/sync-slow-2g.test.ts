import { expect, it } from 'vitest';
import { uuidv7 } from '../../src/app/uuidv7';
import type { OutboxRow } from '../../src/db/learning-records';
import type { AnswerItem, AttemptItem } from '../../src/shared/sync/sync-item';
import { startFaultProxy } from './harness/fault-proxy';
import { testSize } from './harness/test-size';
import { createTestDevice } from './harness/test-device';
import { COURSE, learnerWithToken } from './sync-fixtures';
import { useServedTestApp } from './test-app';
import { describeEachStore } from './test-stores';

// Reliability scenario 12 (docs/reliability.md): a phone 30 days offline with many attempts (each with its answer)
// meets a slow-2G window — 50 kbps, 2 s round trip — and everything syncs. At ~63 gzip bytes per
// item the link itself needs ~3.5 min for 10,000 attempts. `npm run test:long` runs the full 10,000
// on both stores; `npm test` the same scenario with 1,000 (~20 s of link time per store).
// `SLOW_ATTEMPTS=… npx vitest run tests/server/sync-slow-2g.test.ts` picks any other size
// (figures in docs/sync-protocol.md).

const ATTEMPTS = Number(process.env.SLOW_ATTEMPTS ?? testSize({ fast: 1_000, long: 10_000 }));
const DAY = 24 * 3600 * 1000;

describeEachStore('slow 2G', (kind) => {
  const t = useServedTestApp(kind);

  it(
    `12. 30 days offline, ${ATTEMPTS} attempts, then a slow-2G window (50 kbps, 2 s RTT) → everything syncs and is graded`,
    { timeout: 60_000 + ATTEMPTS * 120 },
    async () => {
      const proxy = await startFaultProxy(t.url, () => ({ kind: 'pass' }), {
        rttMs: 2000,
        bytesPerSecond: 50_000 / 8,
      });
      const learner = await learnerWithToken(t.store, `slow-${kind.name}`);
      const device = await createTestDevice({ baseUrl: proxy.url, learner, requestTimeoutMs: 30_000 });
      // What 30 days of enqueueOutbox leave behind, written in one go (10,000 transactions would only slow the test).
      const start = Date.now() - 30 * DAY;
      const rows: OutboxRow[] = [];
      for (let a = 0; a < ATTEMPTS; a++) {
        const at = start + Math.floor((a / ATTEMPTS) * 30 * DAY);
        const attemptId = uuidv7();
        const answer: AnswerItem = {
          kind: 'answer',
          id: uuidv7(),
          learnerId: learner.id,
          seq: rows.length + 1,
          attemptId,
          courseId: COURSE.id,
          courseVersion: COURSE.version,
          quizId: 'pretest',
          questionId: 'q1',
          value: { type: 'single', choice: a % 2 ? 'a' : 'b' },
          answeredAt: at,
        };
        const attempt: AttemptItem = {
          kind: 'attempt',
          id: attemptId,
          attemptId,
          learnerId: learner.id,
          seq: rows.length + 2,
          courseId: COURSE.id,
          courseVersion: COURSE.version,
          quizId: 'pretest',
          mode: 'ujian',
          startedAt: at - 60_000,
          finishedAt: at,
          answerIds: [answer.id],
        };
        for (const item of [answer, attempt]) {
          rows.push({
            seq: item.seq,
            id: item.id,
            learnerId: learner.id,
            item,
            state: 'pending',
            tries: 0,
            nextTryAt: 0,
          });
        }
      }
      await device.db.outbox.bulkAdd(rows);
      const began = Date.now();
      const report = await device.syncUntilDrained(10);
      const seconds = (Date.now() - began) / 1000;
      console.log(
        `[slow-2g ${kind.name}] ${rows.length} items in ${seconds.toFixed(0)} s, ${proxy.log.length} requests, ` +
          `${(proxy.bytes.up / 1024).toFixed(0)} KiB up, ${(proxy.bytes.down / 1024).toFixed(0)} KiB down, ` +
          `final batch ${String((await device.db.syncState.get('pushBatchSize'))?.value)}`,
      );
      expect(report.lastError).toBeUndefined();
      expect(await device.pending()).toBe(0);
      const stored = await t.store.query<{ n: number; graded: number }>(
        `SELECT (SELECT count(*)::int FROM sync_items WHERE learner_id = $1) AS n,
                (SELECT count(*)::int FROM attempts WHERE learner_id = $1 AND graded_at IS NOT NULL) AS graded`,
        [learner.id],
      );
      expect(stored.rows[0]).toEqual({ n: rows.length, graded: ATTEMPTS });
      await Promise.all([device.close(), proxy.close()]);
    },
  );
});
