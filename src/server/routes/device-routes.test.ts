import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { useTestApp } from '../../../tests/server/test-app';
import { describeEachStore } from '../../../tests/server/test-stores';
import {
  newDeviceKey,
  registerKey,
  resultFileBytes,
  signedBundle,
  uploadFiles,
} from '../../../tests/server/bundle-fixtures';
import { learnerWithToken, progressItem, seedQuizzes } from '../../../tests/server/sync-fixtures';
import { toBase64 } from '../../shared/course/bytes';
import { createSession } from '../auth/sessions';
import type {
  LearnerDevicesResponse,
  RevokeDeviceResponse,
  UploadResultBundlesResponse,
} from '../../shared/sync/bundle-protocol';

async function newPublicKey(): Promise<string> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  return toBase64(new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey)));
}

const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describeEachStore('device keys and revocation', (kind) => {
  const t = useTestApp(kind);
  let operator: { id: string; token: string };
  let otherOperator: { id: string; token: string };
  beforeAll(async () => {
    await seedQuizzes(t.store);
    operator = await learnerWithToken(t.store, 'op-dev-srandakan', 'operator');
    await t.store.query(`UPDATE users SET region_code = '34.02.01' WHERE id = $1`, [operator.id]);
    otherOperator = await learnerWithToken(t.store, 'op-dev-sleman', 'operator');
    await t.store.query(`UPDATE users SET region_code = '34.04.01' WHERE id = $1`, [otherOperator.id]);
  });
  const register = (token: string, json: unknown) => t.call('POST', '/api/devices/key', { token, json });
  const uploadOutcomes = async (files: Array<{ name: string; bytes: Uint8Array }>) =>
    ((await (await uploadFiles(t, operator.token, files)).json()) as UploadResultBundlesResponse).files;

  it('registers a key once (201), the same key again is a retry (200), another key for the device is refused (409)', async () => {
    const siti = await learnerWithToken(t.store, 'siti-key');
    const publicKey = await newPublicKey();
    const first = await register(siti.token, { deviceId: siti.deviceId, publicKey, appVersion: '1.2.0' });
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ deviceId: siti.deviceId, created: true });
    const again = await register(siti.token, { deviceId: siti.deviceId, publicKey });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ created: false });
    const other = await register(siti.token, { deviceId: siti.deviceId, publicKey: await newPublicKey() });
    expect(other.status).toBe(409);
    expect(await errorCode(other)).toBe('device_key_exists');
  });

  it('a new sign-in on a phone that lost its key (storage wiped) replaces the key; bundles the old key signed still verify', async () => {
    const siti = await learnerWithToken(t.store, 'siti-wiped');
    const oldKey = await newDeviceKey();
    await registerKey(t, siti, oldKey);
    const inFlight = await signedBundle(oldKey, siti, [progressItem(siti.id, 'l1', { completed: true, hlc: '1:0:a' })]);
    // Weeks later the phone's storage is wiped and the learner signs in again.
    await t.store.query(`UPDATE device_keys SET registered_at = now() - interval '20 days' WHERE learner_id = $1`, [
      siti.id,
    ]);
    const { token } = await createSession(t.store, siti.id, siti.deviceId);
    const newKey = await newDeviceKey();
    expect((await register(token, { deviceId: siti.deviceId, publicKey: newKey.publicKey })).status).toBe(201);
    // The old token cannot swap keys back: it is older than the new key.
    const back = await register(siti.token, { deviceId: siti.deviceId, publicKey: (await newDeviceKey()).publicKey });
    expect(back.status).toBe(409);
    const [outcome] = await uploadOutcomes([{ name: 'in-flight.lentera', bytes: resultFileBytes(inFlight) }]);
    expect(outcome).toMatchObject({ status: 'stored', counts: { accepted: 1 } });
  });

  it('refuses a key that is no P-256 SPKI (400), a device the token was not issued to (403), and staff tokens (403)', async () => {
    const siti = await learnerWithToken(t.store, 'siti-badkey');
    const bad = await register(siti.token, { deviceId: siti.deviceId, publicKey: 'AAAA' });
    expect(bad.status).toBe(400);
    expect(await errorCode(bad)).toBe('invalid_public_key');
    const elsewhere = await register(siti.token, { deviceId: randomUUID(), publicKey: await newPublicKey() });
    expect(elsewhere.status).toBe(403);
    expect(await errorCode(elsewhere)).toBe('device_mismatch');
    const staff = await register(operator.token, { deviceId: randomUUID(), publicKey: await newPublicKey() });
    expect(staff.status).toBe(403);
    const { rows } = await t.store.query(`SELECT 1 FROM device_keys WHERE learner_id = $1`, [siti.id]);
    expect(rows).toHaveLength(0);
  });

  it('an operator lists a learner’s devices with key state, revokes one with a reason; its tokens stop working and a new sign-in registers a new key', async () => {
    const siti = await learnerWithToken(t.store, 'siti-revoke');
    const publicKey = await newPublicKey();
    expect((await register(siti.token, { deviceId: siti.deviceId, publicKey, appVersion: '1.2.0' })).status).toBe(201);
    const listed = await t.call('GET', `/api/learners/${siti.id}/devices`, { token: operator.token });
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as LearnerDevicesResponse).devices).toEqual([
      expect.objectContaining({ deviceId: siti.deviceId, keyState: 'active', appVersion: '1.2.0', revokedAt: null }),
    ]);

    const noReason = await t.call('POST', `/api/devices/${siti.deviceId}/revoke`, { token: operator.token, json: {} });
    expect(noReason.status).toBe(400);
    const revoked = await t.call('POST', `/api/devices/${siti.deviceId}/revoke`, {
      token: operator.token,
      json: { reason: 'Ponsel hilang' },
    });
    expect(revoked.status).toBe(200);
    expect((await revoked.json()) as RevokeDeviceResponse).toEqual({
      deviceId: siti.deviceId,
      learnerIds: [siti.id],
      revokedSessions: 1,
    });
    const pull = await t.call('GET', '/api/sync/pull', { token: siti.token });
    expect(pull.status).toBe(401);
    const after = await t.call('GET', `/api/learners/${siti.id}/devices`, { token: operator.token });
    expect(((await after.json()) as LearnerDevicesResponse).devices).toEqual([
      expect.objectContaining({ deviceId: siti.deviceId, keyState: 'revoked', revokeReason: 'Ponsel hilang' }),
    ]);
    const audit = await t.store.query(`SELECT action, target_id FROM audit_log WHERE target_id = $1`, [siti.deviceId]);
    expect(audit.rows).toEqual([{ action: 'device.revoke', target_id: siti.deviceId }]);

    // Signed in again on the same phone: the revoked key stays dead, a new one is taken.
    const { token } = await createSession(t.store, siti.id, siti.deviceId);
    const oldKey = await register(token, { deviceId: siti.deviceId, publicKey });
    expect(oldKey.status).toBe(403);
    expect(await errorCode(oldKey)).toBe('device_revoked');
    expect((await register(token, { deviceId: siti.deviceId, publicKey: await newPublicKey() })).status).toBe(201);
  });

  it('an operator of another kecamatan may neither list nor revoke; an unknown device is 404; a learner may not revoke', async () => {
    const siti = await learnerWithToken(t.store, 'siti-outside');
    await register(siti.token, { deviceId: siti.deviceId, publicKey: await newPublicKey() });
    const list = await t.call('GET', `/api/learners/${siti.id}/devices`, { token: otherOperator.token });
    expect(list.status).toBe(403);
    expect(await errorCode(list)).toBe('outside_region');
    const revoke = await t.call('POST', `/api/devices/${siti.deviceId}/revoke`, {
      token: otherOperator.token,
      json: { reason: 'x' },
    });
    expect(revoke.status).toBe(403);
    expect(await errorCode(revoke)).toBe('outside_region');
    const unknown = await t.call('POST', `/api/devices/${randomUUID()}/revoke`, {
      token: operator.token,
      json: { reason: 'x' },
    });
    expect(unknown.status).toBe(404);
    expect(await errorCode(unknown)).toBe('unknown_device');
    const byLearner = await t.call('POST', `/api/devices/${siti.deviceId}/revoke`, {
      token: siti.token,
      json: { reason: 'x' },
    });
    expect(byLearner.status).toBe(403);
    const { rows } = await t.store.query(`SELECT revoked_at FROM device_keys WHERE learner_id = $1`, [siti.id]);
    expect(rows).toEqual([{ revoked_at: null }]);
  });
});
