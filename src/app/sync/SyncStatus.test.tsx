import 'fake-indexeddb/auto';
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '../../db/database';
import type { OutboxRow } from '../../db/learning-records';
import { syncErrorMessage } from './format-sync-error';
import { lastSyncReport } from './sync-signals';
import { SyncStatus } from './SyncStatus';

const deadRow = (seq: number, lastError: string): OutboxRow => ({
  seq,
  id: `0190a3c2-7d1e-7cc0-9f00-00000000000${seq}`,
  learnerId: 'L',
  item: {
    kind: 'attempt',
    id: `0190a3c2-7d1e-7cc0-9f00-00000000000${seq}`,
    attemptId: `0190a3c2-7d1e-7cc0-9f00-00000000000${seq}`,
    learnerId: 'L',
    seq,
    courseId: 'c',
    courseVersion: '1',
    quizId: 'q',
    mode: 'ujian',
    startedAt: 1,
    finishedAt: 2,
    answerIds: [],
  },
  state: 'dead',
  tries: 1,
  nextTryAt: 0,
  lastError,
});

const settle = () => new Promise((r) => setTimeout(r, 50));

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
    await settle();
    const dead = document.querySelector('[data-testid="sync-dead"]')!;
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
    await settle();
    expect(document.querySelector('[data-testid="sync-error"]')!.textContent).toContain('Masuk lagi');
    expect(syncErrorMessage('network: Failed to fetch', false)).toBe('sync.error.offline');
    expect(syncErrorMessage('timeout', false)).toBe('sync.error.offline');
    expect(syncErrorMessage('unavailable', false)).toBe('sync.error.server');
    expect(syncErrorMessage(undefined, false)).toBeNull();
  });
});
