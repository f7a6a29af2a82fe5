import 'fake-indexeddb/auto';
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { attemptItem, outboxRow } from '../../../tests/unit/builders/outbox-row';
import { db } from '../../db/database';
import { syncErrorMessage } from './format-sync-error';
import { lastSyncReport } from './sync-signals';
import { SyncStatus } from './SyncStatus';

const deadRow = (seq: number, lastError: string) =>
  outboxRow(seq, { item: attemptItem(seq), state: 'dead', tries: 1, lastError });

/** The element once the live queries have rendered it. */
const shown = (testId: string) =>
  vi.waitFor(() => {
    const element = document.querySelector(`[data-testid="${testId}"]`);
    if (!element) throw new Error(`${testId} not shown yet`);
    return element;
  });

describe('SyncStatus', () => {
  afterEach(async () => {
    render(null, document.body);
    await db.outbox.clear();
    await db.syncState.clear();
    lastSyncReport.value = null;
  });

  it('lists dead-letter items with their reason in plain Bahasa Indonesia', async () => {
    await db.outbox.bulkAdd([deadRow(1, 'unknown_quiz'), deadRow(2, 'weird_code')]);
    render(<SyncStatus learnerId="L" />, document.body);
    const dead = await shown('sync-dead');
    expect(dead.textContent).toContain('2 catatan tidak bisa dikirim');
    expect(dead.textContent).toContain('Kuis ini tidak dikenal server');
    expect(dead.textContent).toContain('Ditolak server (kode: weird_code)');
    expect(document.querySelector('[data-testid="sync-last"]')!.textContent).toBe(
      'Belum pernah tersinkron dengan server.',
    );
  });

  it('says why sync stopped: no signal, server trouble, or sign in again', async () => {
    await db.syncState.put({ key: 'auth:L', value: 'token_expired' });
    render(<SyncStatus learnerId="L" />, document.body);
    expect((await shown('sync-error')).textContent).toContain('Masuk lagi');
    expect(syncErrorMessage({ kind: 'network', message: 'Failed to fetch' }, false)).toBe('sync.error.offline');
    expect(syncErrorMessage({ kind: 'timeout' }, false)).toBe('sync.error.offline');
    expect(syncErrorMessage({ kind: 'server', status: 503, code: 'unavailable' }, false)).toBe('sync.error.server');
    expect(syncErrorMessage(undefined, false)).toBeNull();
  });
});
