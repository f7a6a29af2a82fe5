// @vitest-environment node
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { testSyncContext } from '../../tests/unit/builders/sync-context';
import { openTestDatabase } from '../../tests/unit/builders/test-database';
import { pullChanges } from './pull-changes';

const KEY_A = { kid: 'AAAAAAAA', publicKey: 'A'.repeat(87) };
const KEY_B = { kid: 'BBBBBBBB', publicKey: 'B'.repeat(87) };
const certificate = (fields: object = {}) => ({
  id: 'K7Q2M9XW4PZR',
  courseId: 'perencanaan',
  courseVersion: '1.0.0',
  code: 'LC1.AAAAAAAA.[].x',
  issuedAt: '2026-12-01T03:00:00.000Z',
  revokedAt: null,
  revokedReason: null,
  ...fields,
});
const page = (fields: object) => ({
  serverEpoch: 'e1',
  checkpoint: '7',
  hasMore: false,
  grades: [],
  progress: [],
  ...fields,
});

describe('pullChanges and certificates', () => {
  it("stores the learner's certificate with the pull, and its revocation from a later pull", async () => {
    const db = openTestDatabase('pull-certificates');
    await pullChanges(
      testSyncContext(db, async () => Response.json(page({ certificates: [certificate()] }))),
      'L',
      't',
    );
    expect(await db.certificates.toArray()).toEqual([{ ...certificate(), learnerId: 'L' }]);
    const revoked = certificate({ revokedAt: '2026-12-02T01:00:00.000Z', revokedReason: 'Data keliru' });
    await pullChanges(
      testSyncContext(db, async () => Response.json(page({ certificates: [revoked] }))),
      'L',
      't',
    );
    expect(await db.certificates.toArray()).toEqual([{ ...revoked, learnerId: 'L' }]);
  });

  it('pins issuer keys: a new key is added, a pinned key is neither replaced nor dropped', async () => {
    const db = openTestDatabase('pull-issuer-keys');
    await pullChanges(
      testSyncContext(db, async () => Response.json(page({ issuerKeys: [KEY_A] }))),
      'L',
      't',
    );
    const swapped = { kid: KEY_A.kid, publicKey: 'C'.repeat(87) };
    await pullChanges(
      testSyncContext(db, async () => Response.json(page({ issuerKeys: [swapped, KEY_B] }))),
      'L',
      't',
    );
    await pullChanges(
      testSyncContext(db, async () => Response.json(page({ issuerKeys: [] }))),
      'L',
      't',
    );
    expect(await db.issuerKeys.toArray()).toEqual([
      { ...KEY_A, pinnedAt: 1_000 },
      { ...KEY_B, pinnedAt: 1_000 },
    ]);
  });

  it('still pulls from a server that sends no certificates at all', async () => {
    const db = openTestDatabase('pull-no-certificates');
    expect(
      await pullChanges(
        testSyncContext(db, async () => Response.json(page({}))),
        'L',
        't',
      ),
    ).toEqual({
      kind: 'done',
    });
    expect(await db.certificates.count()).toBe(0);
  });
});
