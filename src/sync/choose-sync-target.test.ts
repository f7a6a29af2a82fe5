// @vitest-environment node
import 'fake-indexeddb/auto';
import { bodyItems, PACKING_DIFF_1 } from '../shared/sync/pack-items';
import { describe, expect, it } from 'vitest';
import { outboxRow } from '../../tests/unit/builders/outbox-row';
import { testSyncContext } from '../../tests/unit/builders/sync-context';
import { openTestDatabase } from '../../tests/unit/builders/test-database';
import type { LenteraDatabase } from '../db/database';
import { readState, writeState } from '../db/sync-state';
import { toBase64 } from '../shared/course/bytes';
import { hubKeyFingerprint, signHubProof } from '../shared/hub/hub-identity-proof';
import type { PushItemResult } from '../shared/sync/protocol';
import { HELD_RECHECK_MS } from './apply-push-results';
import { checkHub, chooseSyncTarget, parseHubAddress } from './choose-sync-target';
import { syncOnce } from './sync-once';

const HUB = 'http://192.168.1.10:8080';
const NATIONAL = 'http://lentera.test';

/** A hub identity key pair as a hub makes it, with the fingerprint its QR carries. */
async function hubKey() {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const publicKey = toBase64(new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey)));
  return { privateKey: pair.privateKey, publicKey, fingerprint: await hubKeyFingerprint(publicKey) };
}
type HubKey = Awaited<ReturnType<typeof hubKey>>;
const REAL_KEY = await hubKey();
const OTHER_KEY = await hubKey();

/** How the hub at HUB answers a probe: signed by the real key, by another one (a fake), or not at all. */
type Signing = { key: HubKey | null; challenge?: (asked: string) => string };

async function hubStatus(hubId: string, asked: string | null, signing: Signing) {
  const base = { mode: 'hub', hubId, kecamatan: { code: '34.02.01', name: 'Srandakan' }, uplink: 'down' };
  if (!signing.key || asked === null) return base;
  const challenge = signing.challenge ? signing.challenge(asked) : asked;
  return {
    ...base,
    identityKey: signing.key.publicKey,
    signature: await signHubProof(signing.key.privateKey, hubId, challenge),
  };
}

/** The hub set in Settings, pinned to the real key unless `keyFingerprint` is null (typed, no QR). */
async function setHub(db: LenteraDatabase, hubId = 'hub-1', keyFingerprint: string | null = REAL_KEY.fingerprint) {
  await writeState(db, 'hub', {
    baseUrl: HUB,
    hubId,
    kecamatan: { code: '34.02.01', name: 'Srandakan' },
    setAt: 1,
    ...(keyFingerprint !== null && { keyFingerprint }),
  });
}

async function signIn(db: LenteraDatabase) {
  await db.profiles.put({
    id: 'L',
    username: 'sari',
    name: 'Sari',
    role: 'learner',
    desaCode: '34.02.01.2001',
    token: 't',
    tokenExpiresAt: '2099-01-01T00:00:00Z',
    signedInAt: 1,
  });
}

/**
 * A fake hub and national server: every request is logged as `host path` (the status probe without
 * its random challenge); `authorizedAtHub` counts requests to the hub that carried a token.
 */
function servers(
  answerPush: (ids: string[], host: string) => PushItemResult['status'],
  hubUp = true,
  missing: string[] = [],
  signing: Signing = { key: REAL_KEY },
  pullExtra: Record<string, unknown> = {},
) {
  const log: string[] = [];
  const counts = { authorizedAtHub: 0 };
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(String(input));
    const host = url.origin === HUB ? 'hub' : 'national';
    log.push(`${host} ${url.pathname}${url.pathname === '/api/hub/status' ? '' : url.search}`);
    if (host === 'hub' && !hubUp) throw new TypeError('Failed to fetch');
    if (host === 'hub' && new Headers(init?.headers).has('Authorization')) counts.authorizedAtHub++;
    if (url.pathname === '/api/hub/status') {
      return Response.json(
        host === 'hub' ? await hubStatus('hub-1', url.searchParams.get('challenge'), signing) : { mode: 'national' },
      );
    }
    if (url.pathname === '/api/sync/push') {
      const text = await new Response(
        new Blob([init!.body as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip')),
      ).text();
      // The national server reads packed items too; a hub only plain ones (docs/sync-protocol.md).
      const body = JSON.parse(text) as { items?: Array<{ id: string }>; packed?: unknown[] };
      const read = host === 'hub' ? { items: body.items ?? [] } : bodyItems(body);
      if ('error' in read || read.items.length === 0)
        return Response.json({ error: { code: 'invalid_request' } }, { status: 400 });
      const ids = (read.items as Array<{ id: string }>).map((i) => i.id);
      const status = answerPush(ids, host);
      return Response.json({
        serverEpoch: host === 'hub' ? 'hub-epoch' : 'national-epoch',
        results: ids.map((id, index) => ({ index, id, status })),
        ...(host === 'national' && { packings: [PACKING_DIFF_1] }),
      });
    }
    if (url.pathname === '/api/sync/pull') {
      return Response.json({
        serverEpoch: host === 'hub' ? 'hub-epoch' : 'national-epoch',
        checkpoint: host === 'hub' ? 'h5' : 'n9',
        hasMore: false,
        grades: [],
        progress: [],
        ...(host === 'national' && pullExtra),
      });
    }
    if (url.pathname === '/api/sync/reconcile') {
      // The daily reconcile is gzip and starts with a summary; confirming held items sends plain ids.
      const text =
        typeof init!.body === 'string'
          ? init!.body
          : await new Response(
              new Blob([init!.body as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip')),
            ).text();
      const parsed = JSON.parse(text) as { ids?: string[]; ranges?: unknown[] };
      if (parsed.ranges) return Response.json({ serverEpoch: 'national-epoch', differ: [] });
      const ids = parsed.ids ?? [];
      log.push(`  asked ${ids.length}`);
      return Response.json({ serverEpoch: 'national-epoch', missing: ids.filter((id) => missing.includes(id)) });
    }
    return Response.json({ error: { code: 'not_found' } }, { status: 404 });
  };
  return { fetch, log, counts };
}

describe('parseHubAddress', () => {
  it('reads a typed address with or without http, and the QR of the operator page with its hub id', () => {
    expect(parseHubAddress('192.168.1.10:8080')).toEqual({ baseUrl: HUB });
    expect(parseHubAddress(' http://192.168.1.10:8080/ ')).toEqual({ baseUrl: HUB });
    expect(parseHubAddress('http://192.168.1.10:8080/hub?id=hub-7')).toEqual({ baseUrl: HUB, hubId: 'hub-7' });
    expect(parseHubAddress('http://192.168.1.10:8080/hub?id=hub-7&k=AbC-_12')).toEqual({
      baseUrl: HUB,
      hubId: 'hub-7',
      keyFingerprint: 'AbC-_12',
    });
  });

  it('refuses what is no web address', () => {
    expect(parseHubAddress('')).toBeNull();
    expect(parseHubAddress('ftp://192.168.1.10')).toBeNull();
    expect(parseHubAddress('http://')).toBeNull();
    expect(parseHubAddress('bukan alamat sama sekali')).toBeNull();
  });
});

describe('checkHub', () => {
  const pinned = { keyFingerprint: REAL_KEY.fingerprint };

  it('tells a hub from the national server, another hub and something that does not answer', async () => {
    const { fetch } = servers(() => 'accepted');
    expect(await checkHub(fetch, HUB, 1000, pinned)).toEqual({
      kind: 'hub',
      baseUrl: HUB,
      hubId: 'hub-1',
      kecamatan: { code: '34.02.01', name: 'Srandakan' },
      keyFingerprint: REAL_KEY.fingerprint,
    });
    expect(await checkHub(fetch, HUB, 1000, { ...pinned, hubId: 'hub-2' })).toEqual({ kind: 'not_hub' });
    expect(await checkHub(fetch, NATIONAL, 1000)).toEqual({ kind: 'not_hub' });
    expect(await checkHub(servers(() => 'accepted', false).fetch, HUB, 1000)).toEqual({ kind: 'unreachable' });
    const page = async () => new Response('<html>Wi-Fi login</html>', { status: 200 });
    expect(await checkHub(page, HUB, 1000)).toEqual({ kind: 'unreachable' });
  });

  it('trusts a hub only when its answer to this probe is signed by the pinned key', async () => {
    const fake = servers(() => 'accepted', true, [], { key: OTHER_KEY });
    expect(await checkHub(fake.fetch, HUB, 1000, pinned)).toEqual({ kind: 'not_trusted' });
    const unsigned = servers(() => 'accepted', true, [], { key: null });
    expect(await checkHub(unsigned.fetch, HUB, 1000, pinned)).toEqual({ kind: 'not_trusted' });
    // A signature recorded from an earlier probe (another challenge) proves nothing now.
    const replayed = servers(() => 'accepted', true, [], { key: REAL_KEY, challenge: () => 'an-old-challenge-0001' });
    expect(await checkHub(replayed.fetch, HUB, 1000, pinned)).toEqual({ kind: 'not_trusted' });
    // The real hub, but the phone knows no key for it: not trusted either.
    expect(await checkHub(servers(() => 'accepted').fetch, HUB, 1000)).toEqual({ kind: 'not_trusted' });
  });

  it('checks a hub typed without its QR against the keys the national pull delivered; a pin that disagrees with them is refused, revoked ones never pass', async () => {
    const { fetch } = servers(() => 'accepted');
    expect(await checkHub(fetch, HUB, 1000, { knownKeys: { 'hub-1': REAL_KEY.fingerprint } })).toMatchObject({
      kind: 'hub',
      keyFingerprint: REAL_KEY.fingerprint,
    });
    expect(await checkHub(fetch, HUB, 1000, { ...pinned, knownKeys: { 'hub-1': REAL_KEY.fingerprint } })).toMatchObject(
      { kind: 'hub' },
    );
    // The pin agrees with the hub's signature, but the national server registered another key for
    // that id: one of the two is not the real hub's, and the national server's word stands.
    expect(await checkHub(fetch, HUB, 1000, { ...pinned, knownKeys: { 'hub-1': OTHER_KEY.fingerprint } })).toEqual({
      kind: 'not_trusted',
    });
    expect(
      await checkHub(fetch, HUB, 1000, {
        keyFingerprint: OTHER_KEY.fingerprint,
        knownKeys: { 'hub-1': REAL_KEY.fingerprint },
      }),
    ).toEqual({ kind: 'not_trusted' });
    expect(await checkHub(fetch, HUB, 1000, { ...pinned, knownKeys: { 'hub-1': null } })).toEqual({
      kind: 'not_trusted',
    });
  });

  it('sends each probe a fresh challenge and no token', async () => {
    const asked: string[] = [];
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const url = new URL(String(input));
      asked.push(url.searchParams.get('challenge') ?? '');
      expect(new Headers(init?.headers).has('Authorization')).toBe(false);
      return Response.json(await hubStatus('hub-1', url.searchParams.get('challenge'), { key: REAL_KEY }));
    };
    await checkHub(fetch, HUB, 1000, pinned);
    await checkHub(fetch, HUB, 1000, pinned);
    expect(asked[0]).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(asked[1]).not.toBe(asked[0]);
  });
});

describe('chooseSyncTarget', () => {
  it('talks to the national server when no hub is set, without asking anyone', async () => {
    const db = openTestDatabase('target-none');
    const { fetch, log } = servers(() => 'accepted');
    const ctx = await chooseSyncTarget(testSyncContext(db, fetch));
    expect(ctx.baseUrl).toBe(NATIONAL);
    expect(ctx.hub).toBeUndefined();
    expect(log).toEqual([]);
  });

  it('talks to the hub when it answers as the hub that was set, else to the national server', async () => {
    const db = openTestDatabase('target-hub');
    await setHub(db);
    const up = await chooseSyncTarget(testSyncContext(db, servers(() => 'accepted').fetch));
    expect([up.baseUrl, up.hub]).toEqual([HUB, { hubId: 'hub-1' }]);
    const down = await chooseSyncTarget(testSyncContext(db, servers(() => 'accepted', false).fetch));
    expect([down.baseUrl, down.hub]).toEqual([NATIONAL, undefined]);
    await setHub(db, 'hub-other');
    const replaced = await chooseSyncTarget(testSyncContext(db, servers(() => 'accepted').fetch));
    expect([replaced.baseUrl, replaced.hub]).toEqual([NATIONAL, undefined]);
  });

  it('syncs with the national server when a machine answers as the hub without its key, and sends that machine no token', async () => {
    const db = openTestDatabase('target-fake-hub');
    await signIn(db);
    await setHub(db);
    await db.outbox.bulkAdd([outboxRow(1), outboxRow(2)]);
    const fake = servers((_, host) => (host === 'hub' ? 'held' : 'accepted'), true, [], { key: OTHER_KEY });
    const report = await syncOnce(testSyncContext(db, fake.fetch));
    expect(fake.log.filter((l) => l.startsWith('hub '))).toEqual(['hub /api/hub/status']);
    expect(fake.counts.authorizedAtHub).toBe(0);
    expect(fake.log).toContain('national /api/sync/push');
    expect(report.synced).toBe(2);
    expect(await db.carriedItems.count()).toBe(0);
  });

  it('learns the kecamatan hub keys from the national pull, so a hub set without a pin is used afterwards; a revocation stops it', async () => {
    const db = openTestDatabase('target-delivered-key');
    await signIn(db);
    await setHub(db, 'hub-1', null);
    const before = await chooseSyncTarget(testSyncContext(db, servers(() => 'accepted').fetch));
    expect(before.hub).toBeUndefined();
    // At home: the hub is out of reach, the pull names its key.
    const home = servers(
      () => 'accepted',
      false,
      [],
      { key: REAL_KEY },
      {
        hubKeys: [{ hubId: 'hub-1', key: REAL_KEY.fingerprint }],
      },
    );
    await syncOnce(testSyncContext(db, home.fetch));
    expect(await readState(db, 'hubKeys')).toEqual({ 'hub-1': REAL_KEY.fingerprint });
    const office = await chooseSyncTarget(testSyncContext(db, servers(() => 'accepted').fetch));
    expect(office.hub).toEqual({ hubId: 'hub-1' });
    // A hub's pull names no keys: what the phone knows stays.
    await syncOnce(testSyncContext(db, servers(() => 'held').fetch));
    expect(await readState(db, 'hubKeys')).toEqual({ 'hub-1': REAL_KEY.fingerprint });
    // Revoked on the national server: named without a key, and no longer used, pinned or not.
    const revoked = servers(
      () => 'accepted',
      false,
      [],
      { key: REAL_KEY },
      { hubKeys: [{ hubId: 'hub-1', key: null }] },
    );
    await syncOnce(testSyncContext(db, revoked.fetch));
    await setHub(db);
    const after = await chooseSyncTarget(testSyncContext(db, servers(() => 'accepted').fetch));
    expect(after.hub).toBeUndefined();
  });
});

describe('syncOnce through a hub', () => {
  it('keeps items the hub holds as pending and carried until a later answer confirms them', async () => {
    const db = openTestDatabase('sync-hub-held');
    await signIn(db);
    await setHub(db);
    await db.outbox.bulkAdd([outboxRow(1), outboxRow(2)]);
    const office = servers(() => 'held');
    const report = await syncOnce(testSyncContext(db, office.fetch));
    expect(office.log).toEqual(['hub /api/hub/status', 'hub /api/sync/push', 'hub /api/sync/pull?since=0']);
    expect(report.synced).toBe(0);
    const rows = await db.outbox.toArray();
    expect(rows.map((r) => [r.state, r.lastError, r.nextTryAt])).toEqual([
      ['pending', 'held', 1_000 + HELD_RECHECK_MS],
      ['pending', 'held', 1_000 + HELD_RECHECK_MS],
    ]);
    expect((await db.carriedItems.toArray()).map((c) => c.fileName)).toEqual(['hub:hub-1', 'hub:hub-1']);
    // The hub answers with national checkpoints: one checkpoint for both.
    expect(await readState(db, 'pull:L')).toBe('h5');

    // Later, at home: the hub is out of reach, the national server already has them from the hub.
    const home = servers(() => 'duplicate', false);
    const later = { ...testSyncContext(db, home.fetch), now: () => 1_000 + HELD_RECHECK_MS };
    const second = await syncOnce(later);
    expect(second.synced).toBe(2);
    expect(home.log.filter((l) => !l.includes('/api/devices/key'))).toEqual([
      'hub /api/hub/status',
      'national /api/sync/push',
      'national /api/sync/pull?since=h5',
    ]);
    expect((await db.outbox.toArray()).map((r) => r.state)).toEqual(['synced', 'synced']);
    expect(await db.carriedItems.count()).toBe(0);
    expect(await readState(db, 'pull:L')).toBe('n9');
  });

  it('confirms at home what the hub has forwarded (reconcile), without sending it again; the rest waits', async () => {
    const db = openTestDatabase('sync-hub-confirm');
    await signIn(db);
    await setHub(db);
    const rows = [outboxRow(1), outboxRow(2)];
    await db.outbox.bulkAdd(rows);
    await syncOnce(testSyncContext(db, servers(() => 'held').fetch));
    // Minutes later, out of the office; the national server has item 1 from the hub, not yet item 2.
    const home = servers(() => 'accepted', false, [rows[1]!.id]);
    await syncOnce({ ...testSyncContext(db, home.fetch), now: () => 2_000 });
    expect(home.log.filter((l) => l.includes('reconcile') || l.includes('push') || l.includes('asked'))).toEqual([
      'national /api/sync/reconcile',
      '  asked 2',
    ]);
    expect((await db.outbox.toArray()).map((r) => [r.seq, r.state])).toEqual([
      [1, 'synced'],
      [2, 'pending'],
    ]);
    expect((await db.carriedItems.toArray()).map((c) => c.id)).toEqual([rows[1]!.id]);
  });

  it('does not take the hub for a restored national server: synced items stay synced when the target changes', async () => {
    const db = openTestDatabase('sync-hub-epoch');
    await signIn(db);
    await db.outbox.bulkAdd([outboxRow(1)]);
    await syncOnce(testSyncContext(db, servers(() => 'accepted').fetch));
    expect((await db.outbox.get(1))!.state).toBe('synced');
    await setHub(db);
    await db.outbox.add(outboxRow(2));
    const office = servers(() => 'held');
    await syncOnce(testSyncContext(db, office.fetch));
    expect(office.log).toContain('hub /api/sync/push');
    expect((await db.outbox.toArray()).map((r) => [r.seq, r.state])).toEqual([
      [1, 'synced'],
      [2, 'pending'],
    ]);
    expect(await readState(db, 'serverEpoch')).toBe('national-epoch');
    expect(await readState(db, 'serverEpoch:hub-1')).toBe('hub-epoch');
  });

  it('registers no device key with the hub and reconciles only with the national server', async () => {
    const db = openTestDatabase('sync-hub-key');
    await signIn(db);
    await setHub(db);
    await db.outbox.add(outboxRow(1, { state: 'synced', syncedAt: 1 }));
    const dayLater = () => 25 * 3600 * 1000;
    const office = servers(() => 'held');
    await syncOnce({ ...testSyncContext(db, office.fetch), now: dayLater });
    expect(office.log.filter((l) => l.includes('/api/devices/key') || l.includes('/api/sync/reconcile'))).toEqual([]);
    const home = servers(() => 'accepted', false);
    await syncOnce({ ...testSyncContext(db, home.fetch), now: dayLater });
    expect(home.log.filter((l) => l.includes('/api/devices/key') || l.includes('/api/sync/reconcile'))).toEqual([
      'national /api/devices/key',
      'national /api/sync/reconcile',
    ]);
  });
});
