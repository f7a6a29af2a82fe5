// @vitest-environment node
import 'fake-indexeddb/auto';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LenteraDatabase } from '../../db/database';
import { compareHlc } from '../../shared/sync/hlc';
import { SyncItemSchema } from '../../shared/sync/sync-item';
import { recordLessonProgress } from './record-lesson-progress';

const learnerId = '0192f000-0000-7000-8000-000000000001';
const lesson = { learnerId, courseId: 'keuangan-desa', lessonId: 'apbdes-1' };
let db: LenteraDatabase;
beforeEach(async () => {
  db = new LenteraDatabase(`test-${crypto.randomUUID()}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

describe('recordLessonProgress', () => {
  it('stores the lesson as read and queues a valid progress item with the same HLC', async () => {
    const record = await recordLessonProgress(db, 'device-a', { ...lesson, completed: true, position: 1 }, 5000);
    expect(record).toMatchObject({ completed: true, position: 1, updatedAt: 5000 });
    expect(await db.progress.get([learnerId, 'keuangan-desa', 'apbdes-1'])).toEqual(record);
    const [row] = await db.outbox.toArray();
    expect(v.parse(SyncItemSchema, row?.item)).toMatchObject({ kind: 'progress', completed: true, hlc: record.hlc });
  });

  it('never turns a read lesson back to unread', async () => {
    await recordLessonProgress(db, 'device-a', { ...lesson, completed: true, position: 1 });
    const later = await recordLessonProgress(db, 'device-a', { ...lesson, completed: false, position: 0.2 });
    expect(later).toMatchObject({ completed: true, position: 0.2 });
  });

  it('queues nothing when nothing changed', async () => {
    await recordLessonProgress(db, 'device-a', { ...lesson, completed: true });
    await recordLessonProgress(db, 'device-a', { ...lesson, completed: true });
    expect(await db.outbox.count()).toBe(1);
  });

  it('orders edits by HLC even when the clock goes backwards', async () => {
    const first = await recordLessonProgress(db, 'device-a', { ...lesson, completed: false, position: 0.5 }, 9000);
    const second = await recordLessonProgress(db, 'device-a', { ...lesson, completed: false, position: 0.7 }, 1000);
    expect(compareHlc(second.hlc, first.hlc)).toBeGreaterThan(0);
  });
});
