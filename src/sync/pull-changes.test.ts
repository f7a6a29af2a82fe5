// @vitest-environment node
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { testSyncContext } from '../../tests/unit/builders/sync-context';
import { openTestDatabase } from '../../tests/unit/builders/test-database';
import { readState } from '../db/sync-state';
import { pullChanges } from './pull-changes';

const page = (fields: object = {}) => ({
  serverEpoch: 'e1',
  checkpoint: '7',
  hasMore: false,
  grades: [],
  progress: [],
  ...fields,
});

describe('pullChanges', () => {
  it('says done and keeps the checkpoint when the pull went through', async () => {
    const db = openTestDatabase('pull-done');
    const ctx = testSyncContext(db, async () => Response.json(page()));
    expect(await pullChanges(ctx, 'L', 't')).toEqual({ kind: 'done' });
    expect(await readState(db, 'pull:L')).toBe('7');
  });

  it('says why it stopped instead of a bare false: no signal, a server error with its code, an answer that is no pull', async () => {
    const db = openTestDatabase('pull-failed');
    const offline = testSyncContext(db, async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await pullChanges(offline, 'L', 't')).toEqual({
      kind: 'failed',
      error: { kind: 'network', message: 'Failed to fetch' },
    });
    const refused = testSyncContext(db, async () =>
      Response.json({ error: { code: 'token_expired', message: 'Token expired' } }, { status: 401 }),
    );
    expect(await pullChanges(refused, 'L', 't')).toEqual({
      kind: 'failed',
      error: { kind: 'server', status: 401, code: 'token_expired' },
    });
    const portal = testSyncContext(db, async () => new Response('<html>Wi-Fi login</html>', { status: 200 }));
    expect(await pullChanges(portal, 'L', 't')).toEqual({
      kind: 'failed',
      error: { kind: 'server', status: 200, code: 'bad_response' },
    });
    expect(await readState(db, 'pull:L')).toBeUndefined();
  });

  it('stops for a new server epoch so that everything held is pushed again first', async () => {
    const db = openTestDatabase('pull-epoch');
    const first = testSyncContext(db, async () => Response.json(page()));
    expect(await pullChanges(first, 'L', 't')).toEqual({ kind: 'done' });
    const restored = testSyncContext(db, async () => Response.json(page({ serverEpoch: 'e2' })));
    expect(await pullChanges(restored, 'L', 't')).toEqual({ kind: 'epoch_changed' });
    expect(await readState(db, 'pull:L')).toBeUndefined();
  });
});
