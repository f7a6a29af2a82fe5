// @vitest-environment node
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { outboxRow } from '../../tests/unit/builders/outbox-row';
import { openTestDatabase } from '../../tests/unit/builders/test-database';
import {
  recordServerError,
  SERVER_ERROR_REASON,
  SERVER_ERROR_SPAN_MS,
  SERVER_ERRORS_TO_DEAD,
} from './record-server-error';

const row = outboxRow(1);

describe('recordServerError', () => {
  it('a burst of lone 5xx, however many, never dead-letters: the failures must also span ten minutes', async () => {
    const db = openTestDatabase('server-error-burst');
    await db.outbox.add(row);
    const t0 = 1_000_000;
    for (let i = 0; i < SERVER_ERRORS_TO_DEAD * 3; i++) {
      expect(await recordServerError(db, row, 'internal_error', t0 + i * 1000, () => 1)).toBe(false);
    }
    const kept = (await db.outbox.get(1))!;
    expect(kept).toMatchObject({ state: 'pending', lastError: 'internal_error', tries: SERVER_ERRORS_TO_DEAD * 3 });
    expect(kept.serverErrors).toEqual({ count: SERVER_ERRORS_TO_DEAD * 3, firstAt: t0 });
    // Still retried with backoff, like any failure.
    expect(kept.nextTryAt).toBeGreaterThan(t0 + (SERVER_ERRORS_TO_DEAD * 3 - 1) * 1000);
  });

  it(`dead-letters on the ${SERVER_ERRORS_TO_DEAD}th piece of evidence once the first is ten minutes old, not before`, async () => {
    const db = openTestDatabase('server-error-dead');
    await db.outbox.add(row);
    const t0 = 1_000_000;
    const step = SERVER_ERROR_SPAN_MS / (SERVER_ERRORS_TO_DEAD - 1);
    for (let i = 0; i < SERVER_ERRORS_TO_DEAD - 1; i++) {
      expect(await recordServerError(db, row, 'internal_error', t0 + i * step, () => 0)).toBe(false);
    }
    expect((await db.outbox.get(1))!.state).toBe('pending');
    expect(await recordServerError(db, row, 'internal_error', t0 + SERVER_ERROR_SPAN_MS, () => 0)).toBe(true);
    expect(await db.outbox.get(1)).toMatchObject({ state: 'dead', lastError: SERVER_ERROR_REASON });
    // A row that is no longer pending is left alone.
    expect(await recordServerError(db, row, 'internal_error', t0 + 2 * SERVER_ERROR_SPAN_MS, () => 0)).toBe(false);
    expect((await db.outbox.get(1))!.serverErrors!.count).toBe(SERVER_ERRORS_TO_DEAD);
  });
});
