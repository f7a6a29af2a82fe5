import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { ProgressRecord } from '../../src/db/learning-records';
import { compareHlc, tickHlc } from '../../src/shared/sync/hlc';
import type { PullResponse } from '../../src/shared/sync/protocol';
import type { ProgressItem } from '../../src/shared/sync/sync-item';
import { mergeProgress } from '../../src/sync/merge-progress';
import { learnerWithToken, progressItem, pushInit, seedQuizzes } from './sync-fixtures';
import { useTestApp } from './test-app';
import { describeEachStore } from './test-stores';

// Reliability scenario 15 (docs/reliability.md): random offline edits on 3 devices (clocks skewed by up to a year),
// delivered in random order, in random batches, with duplicates → the server's merged progress and
// every device's merge of it equal the model (completed = OR; position = the newest HLC's).

const DEVICES = ['dev-a', 'dev-b', 'dev-c'];
const LESSONS = ['l1', 'l2'];
const YEAR = 365 * 24 * 3600 * 1000;

const editArb = fc.record({
  device: fc.integer({ min: 0, max: 2 }),
  lesson: fc.constantFrom(...LESSONS),
  completed: fc.boolean(),
  position: fc.option(
    fc.integer({ min: 0, max: 100 }).map((n) => n / 100),
    { nil: undefined },
  ),
  advanceMs: fc.integer({ min: 0, max: 5000 }),
});

const scenarioArb = fc.record({
  skews: fc.tuple(...DEVICES.map(() => fc.integer({ min: -YEAR, max: YEAR }))),
  edits: fc.array(editArb, { minLength: 1, maxLength: 25 }),
  // Delivery: a permutation with duplicates, cut into batches.
  order: fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
  cuts: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 10 }),
});

describeEachStore('progress merge (property)', (kind) => {
  const t = useTestApp(kind);

  it('15. random interleavings, duplicates and out-of-order delivery on 3 devices → merged progress equals the model', async () => {
    await seedQuizzes(t.store); // publishes the course whose lessons l1 and l2 are edited
    let run = 0;
    await fc.assert(
      fc.asyncProperty(scenarioArb, async ({ skews, edits, order, cuts }) => {
        const learner = await learnerWithToken(t.store, `prop-${kind.name}-${run++}`);
        // Each device edits offline like recordLessonProgress: completed ORs, position carries forward.
        const local = DEVICES.map(() => new Map<string, ProgressRecord>());
        const clocks: Array<string | undefined> = DEVICES.map(() => undefined);
        const items: ProgressItem[] = [];
        let wall = 1_800_000_000_000;
        for (const edit of edits) {
          wall += edit.advanceMs;
          const d = edit.device;
          const before = local[d]!.get(edit.lesson);
          const hlc = tickHlc(clocks[d], wall + skews[d]!, DEVICES[d]!);
          clocks[d] = hlc;
          const completed = (before?.completed ?? false) || edit.completed;
          const position = edit.position ?? before?.position;
          local[d]!.set(edit.lesson, {
            learnerId: learner.id,
            courseId: 'perencanaan',
            lessonId: edit.lesson,
            completed,
            hlc,
            updatedAt: wall,
            ...(position !== undefined && { position }),
          });
          items.push(
            progressItem(learner.id, edit.lesson, { completed, hlc, ...(position !== undefined && { position }) }),
          );
        }
        const delivery = [...items, ...order.map((n) => items[n % items.length]!)];
        for (let i = 0, c = 0; i < delivery.length; c++) {
          const size = cuts[c % cuts.length]!;
          const res = await t.app.request(
            '/api/sync/push',
            pushInit(learner.token, { deviceId: learner.deviceId, items: delivery.slice(i, i + size) }),
          );
          expect(res.status).toBe(200);
          i += size;
        }
        const pulled = (await (
          await t.app.request('/api/sync/pull?since=0', { headers: { Authorization: `Bearer ${learner.token}` } })
        ).json()) as PullResponse;

        for (const lesson of LESSONS) {
          const mine = items.filter((i) => i.lessonId === lesson);
          const server = pulled.progress.find((p) => p.lessonId === lesson);
          if (mine.length === 0) {
            expect(server).toBeUndefined();
            continue;
          }
          const newest = (list: ProgressItem[]) => list.reduce((a, b) => (compareHlc(a.hlc, b.hlc) >= 0 ? a : b));
          const positioned = mine.filter((i) => i.position !== undefined);
          const model = {
            completed: mine.some((i) => i.completed),
            position: positioned.length ? newest(positioned).position! : null,
            hlc: newest(mine).hlc,
          };
          expect(server).toBeDefined();
          expect(server!.completed).toBe(model.completed);
          expect(server!.hlc).toBe(model.hlc);
          if (model.position === null) expect(server!.position).toBeNull();
          else expect(server!.position).toBeCloseTo(model.position, 5);
          // Every device that merges the server's view converges to the model too.
          for (const state of local) {
            const merged = mergeProgress(state.get(lesson), server!, learner.id, 0);
            expect(merged.completed).toBe(model.completed);
            if (model.position === null) expect(merged.position).toBeUndefined();
            else expect(merged.position).toBeCloseTo(model.position, 5);
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});
