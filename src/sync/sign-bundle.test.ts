// @vitest-environment node
import 'fake-indexeddb/auto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LenteraDatabase } from '../db/database';
import { createDeviceKey, readDeviceKey } from '../db/device-key';
import { BUNDLE_SIGNATURE_HEADER, verifyBundleText } from '../shared/sync/bundle';
import { bodyItems, PACKING_DIFF_1 } from '../shared/sync/pack-items';
import { outboxRow, progressItem } from '../../tests/unit/builders/outbox-row';
import { testSyncContext } from '../../tests/unit/builders/sync-context';
import { openTestDatabase } from '../../tests/unit/builders/test-database';
import { pushOutbox } from './push-outbox';
import { signBundle } from './sign-bundle';
import { signUpDeviceKey } from './sign-up-device-key';

const LEARNER = 'L';

async function signedIn(db: LenteraDatabase) {
  await db.profiles.put({
    id: LEARNER,
    username: 'siti',
    name: 'Siti',
    role: 'learner',
    desaCode: null,
    token: 'tok',
    tokenExpiresAt: '2099-01-01T00:00:00Z',
    signedInAt: 1,
  });
}

/** A fake server: records every request; pushes answer `push(body, headers)`, key registrations 201. */
function fakeServer(push: (text: string, headers: Headers) => Response) {
  const requests: Array<{ path: string; headers: Headers; text: string }> = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = new URL(String(input)).pathname;
    const headers = new Headers(init?.headers);
    const raw = init?.body as Uint8Array | string;
    const text = headers.get('content-encoding') === 'gzip' ? gunzipSync(raw as Uint8Array).toString() : String(raw);
    requests.push({ path, headers, text });
    if (path === '/api/devices/key') {
      return Response.json(
        { deviceId: 'device-1', created: true, registeredAt: new Date().toISOString() },
        { status: 201 },
      );
    }
    return push(text, headers);
  };
  return { requests, fetch: fetch as typeof globalThis.fetch };
}

/** A current server's answer: every item (sent plain or packed) stored. */
const accepted = (text: string) => {
  const read = bodyItems(JSON.parse(text) as { items?: unknown[]; packed?: unknown[] });
  if ('error' in read)
    return Response.json({ error: { code: 'invalid_request', message: read.error } }, { status: 400 });
  return Response.json({
    serverEpoch: 'e1',
    results: (read.items as Array<{ id: string }>).map((item, index) => ({ index, id: item.id, status: 'accepted' })),
    packings: [PACKING_DIFF_1],
  });
};

describe('the device key and signed bundles on the phone', () => {
  it('keeps a non-extractable key pair in IndexedDB that still signs after the database is reopened', async () => {
    const name = `key-${Math.random()}`;
    const db = new LenteraDatabase(name);
    const made = await createDeviceKey(db, LEARNER, 'device-1', 1);
    expect(made.keyPair.privateKey.extractable).toBe(false);
    db.close();
    const reopened = new LenteraDatabase(name);
    const kept = await readDeviceKey(reopened, LEARNER, 'device-1');
    expect(kept?.publicKey).toBe(made.publicKey);
    const bundle = await signBundle(
      { deviceId: 'device-1', learnerId: LEARNER, items: [progressItem(1)], createdAt: 5 },
      kept!.keyPair.privateKey,
    );
    expect(await verifyBundleText(bundle.text, bundle.signature, made.publicKey)).toBe(true);
    // A key made for another device id (a copied profile) is not used.
    expect(await readDeviceKey(reopened, LEARNER, 'device-2')).toBeUndefined();
    reopened.close();
    await reopened.delete();
  });

  it('signs the exact text it sends, once per bundle: any changed character fails verification', async () => {
    const db = openTestDatabase('sign');
    const key = await createDeviceKey(db, LEARNER, 'device-1', 1);
    const items = [progressItem(1), progressItem(2)];
    const bundle = await signBundle(
      { deviceId: 'device-1', learnerId: LEARNER, items, createdAt: 5 },
      key.keyPair.privateKey,
    );
    expect(JSON.parse(bundle.text)).toEqual({
      format: 'lentera-bundle/1',
      deviceId: 'device-1',
      learnerId: LEARNER,
      createdAt: new Date(5).toISOString(),
      items,
    });
    expect(bundle.signature).toMatch(/^[A-Za-z0-9+/]{86}==$/); // 64 bytes for the whole batch
    const changed = bundle.text.replace('"l2"', '"l3"');
    expect(await verifyBundleText(changed, bundle.signature, key.publicKey)).toBe(false);
  });

  it('a phone without a registered key pushes unsigned, registers its key after the server answered, then signs every push', async () => {
    const db = openTestDatabase('push-sign');
    await signedIn(db);
    await db.outbox.bulkPut([outboxRow(1), outboxRow(2)]);
    const server = fakeServer((text) => accepted(text));
    const ctx = testSyncContext(db, server.fetch);
    await pushOutbox(ctx);
    expect(server.requests.map((r) => [r.path, r.headers.has(BUNDLE_SIGNATURE_HEADER)])).toEqual([
      ['/api/sync/push', false],
      ['/api/devices/key', false],
    ]);
    const key = await readDeviceKey(db, LEARNER, 'device-1');
    expect(JSON.parse(server.requests[1]!.text)).toEqual({
      deviceId: 'device-1',
      publicKey: key!.publicKey,
      appVersion: 'test',
    });
    expect(key!.registeredAt).toBeDefined();

    await db.outbox.put(outboxRow(3));
    await pushOutbox(ctx);
    const signed = server.requests[2]!;
    expect(signed.path).toBe('/api/sync/push');
    expect(await verifyBundleText(signed.text, signed.headers.get(BUNDLE_SIGNATURE_HEADER)!, key!.publicKey)).toBe(
      true,
    );
    expect(JSON.parse(signed.text)).toMatchObject({
      format: 'lentera-bundle/1',
      learnerId: LEARNER,
      deviceId: 'device-1',
    });
    expect(await db.outbox.where('state').equals('synced').count()).toBe(3);
  });

  it('a refusal about the key (bundle_signature_required) registers the key and resends the same items; nothing is dead-lettered', async () => {
    const db = openTestDatabase('push-key-refused');
    await signedIn(db);
    await db.outbox.bulkPut([outboxRow(1), outboxRow(2)]);
    const server = fakeServer((text, headers) =>
      headers.has(BUNDLE_SIGNATURE_HEADER)
        ? accepted(text)
        : Response.json({ error: { code: 'bundle_signature_required', message: 'sign' } }, { status: 403 }),
    );
    const report = await pushOutbox(testSyncContext(db, server.fetch));
    expect(server.requests.map((r) => r.path)).toEqual(['/api/sync/push', '/api/devices/key', '/api/sync/push']);
    expect(report).toMatchObject({ synced: 2, dead: 0 });
    expect(await db.outbox.where('state').equals('dead').count()).toBe(0);
  });

  it('a key the server says was revoked is dropped and a new one registered (a phone signed in again after a revocation)', async () => {
    const db = openTestDatabase('signup-revoked');
    await signedIn(db);
    const old = await createDeviceKey(db, LEARNER, 'device-1', 1);
    const offered: string[] = [];
    const fetch = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      const { publicKey } = JSON.parse(String(init?.body)) as { publicKey: string };
      offered.push(publicKey);
      return publicKey === old.publicKey
        ? Response.json({ error: { code: 'device_revoked', message: 'revoked' } }, { status: 403 })
        : Response.json(
            { deviceId: 'device-1', created: true, registeredAt: new Date().toISOString() },
            { status: 201 },
          );
    }) as typeof globalThis.fetch;
    const outcome = await signUpDeviceKey(testSyncContext(db, fetch), LEARNER, 'tok');
    expect(outcome.kind).toBe('registered');
    expect(offered).toHaveLength(2);
    expect(offered[0]).toBe(old.publicKey);
    const now = await readDeviceKey(db, LEARNER, 'device-1');
    expect(now?.publicKey).toBe(offered[1]);
    expect(now?.publicKey).not.toBe(old.publicKey);
    expect(now?.registeredAt).toBeDefined();
  });

  it('with nothing due and a server that answers, a sync right after sign-in registers the key; an outage sends nothing extra', async () => {
    const db = openTestDatabase('signup-idle');
    await signedIn(db);
    const tried: string[] = [];
    const down = async (input: RequestInfo | URL) => {
      tried.push(new URL(String(input)).pathname);
      throw new TypeError('Failed to fetch');
    };
    await db.outbox.put(outboxRow(1));
    const outage = await pushOutbox(testSyncContext(db, down as typeof fetch));
    expect(outage.lastError?.kind).toBe('network');
    expect(tried).toEqual(['/api/sync/push']); // no registration attempt on top of the failed push
    expect((await readDeviceKey(db, LEARNER, 'device-1'))?.registeredAt).toBeUndefined();
    await db.outbox.clear();
    const server = fakeServer((text) => accepted(text));
    await pushOutbox(testSyncContext(db, server.fetch));
    expect(server.requests.map((r) => r.path)).toEqual(['/api/devices/key']);
    expect((await readDeviceKey(db, LEARNER, 'device-1'))?.registeredAt).toBeDefined();
  });
});
