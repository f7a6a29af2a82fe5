// @vitest-environment node
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createDeviceKey, markDeviceKeyRegistered } from '../../db/device-key';
import { readResultFile } from '../../server/sync/verify-result-file';
import { verifyBundleText } from '../../shared/sync/bundle';
import { outboxRow, progressItem, testUuid } from '../../../tests/unit/builders/outbox-row';
import { openTestDatabase } from '../../../tests/unit/builders/test-database';
import { resultFileName, writeResultFile } from './write-result-file';

describe('Kirim lewat file: the result file the phone writes', () => {
  it('holds every pending item of the learner in one bundle that the server reads and verifies', async () => {
    const db = openTestDatabase('result-file');
    // The server reads ids as UUIDs, as the app makes them.
    const learnerId = testUuid(900);
    const deviceId = testUuid(901);
    const key = await createDeviceKey(db, learnerId, deviceId, 1);
    await markDeviceKeyRegistered(db, key, 2);
    const row = (seq: number, state: 'pending' | 'synced' = 'pending') =>
      outboxRow(seq, { learnerId, state, item: progressItem(seq, { learnerId }) });
    await db.outbox.bulkPut([row(1), row(2, 'synced'), row(3)]);
    const written = await writeResultFile(
      db,
      deviceId,
      { id: learnerId, username: 'Siti Aminah' },
      Date.UTC(2026, 0, 5),
    );
    expect(written.kind).toBe('ready');
    if (written.kind !== 'ready') return;
    expect(written.file.name).toMatch(/^lentera-hasil-siti-aminah-2026010\d-\d{4}\.lentera$/);
    const read = await readResultFile(new Uint8Array(await written.file.arrayBuffer()), 1 << 20);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.body.items.map((i) => (i as { seq: number }).seq)).toEqual([1, 3]);
    expect(written.ids).toHaveLength(2);
    expect(await verifyBundleText(read.text, read.signature, key.publicKey)).toBe(true);
  });

  it('writes nothing without pending items, and asks for one sync first while the key is not registered', async () => {
    const db = openTestDatabase('result-file-none');
    expect(await writeResultFile(db, 'device-1', { id: 'L', username: 'siti' }, 1)).toEqual({ kind: 'nothing' });
    await createDeviceKey(db, 'L', 'device-1', 1);
    await db.outbox.put(outboxRow(1));
    expect(await writeResultFile(db, 'device-1', { id: 'L', username: 'siti' }, 1)).toEqual({ kind: 'needs_key' });
    expect(resultFileName('', 0)).toMatch(/^lentera-hasil-peserta-/);
  });
});
