import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import {
  newDeviceKey,
  registerKey,
  resultFileBytes,
  signedBundle,
  signedPushInit,
  uploadFiles,
  type TestDeviceKey,
} from '../../../tests/server/bundle-fixtures';
import {
  attemptWithAnswers,
  countStored,
  learnerWithToken,
  progressItem,
  pushInit,
  seedQuizzes,
  type PushResponse,
} from '../../../tests/server/sync-fixtures';
import { useTestApp } from '../../../tests/server/test-app';
import { describeEachStore } from '../../../tests/server/test-stores';
import { RESULT_FILE_FORMAT } from '../../shared/sync/bundle';
import { MAX_RESULT_FILES, type UploadResultBundlesResponse } from '../../shared/sync/bundle-protocol';
import { createSession } from '../auth/sessions';

type Learner = { id: string; token: string; deviceId: string };

const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

/** A finished ujian attempt and its two answers, plus a progress item: four items of one learner. */
function someWork(learnerId: string) {
  const { attempt, answers } = attemptWithAnswers(learnerId, 'posttest', [true, true]);
  return [...answers, attempt, progressItem(learnerId, 'l1', { completed: true, hlc: '000000000000001:000000:a' })];
}
const idsOf = (items: Array<{ id: string }>) => items.map((i) => i.id);

describeEachStore('signed bundles: direct push and result files', (kind) => {
  const t = useTestApp(kind);
  let operator: { id: string; token: string };
  let otherOperator: { id: string; token: string };
  beforeAll(async () => {
    await seedQuizzes(t.store);
    operator = await learnerWithToken(t.store, 'op-bundle-srandakan', 'operator');
    await t.store.query(`UPDATE users SET region_code = '34.02.01' WHERE id = $1`, [operator.id]);
    otherOperator = await learnerWithToken(t.store, 'op-bundle-sleman', 'operator');
    await t.store.query(`UPDATE users SET region_code = '34.04.01' WHERE id = $1`, [otherOperator.id]);
  });
  /** A learner whose phone registered a key. */
  const keyedLearner = async (name: string): Promise<Learner & { key: TestDeviceKey }> => {
    const learner = await learnerWithToken(t.store, name);
    const key = await newDeviceKey();
    await registerKey(t, learner, key);
    return { ...learner, key };
  };
  const upload = async (files: Array<{ name: string; bytes: Uint8Array }>, token = operator.token) => {
    const res = await uploadFiles(t, token, files);
    expect(res.status).toBe(200);
    return ((await res.json()) as UploadResultBundlesResponse).files;
  };

  it('a signed push is verified against the device key and stored with the same per-item results as before', async () => {
    const siti = await keyedLearner('siti-signed-push');
    const items = someWork(siti.id);
    const res = await t.app.request(
      '/api/sync/push',
      signedPushInit(siti.token, await signedBundle(siti.key, siti, items)),
    );
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as PushResponse;
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    expect((await countStored(t.store, idsOf(items))).size).toBe(4);
  });

  it('a signed push whose text was changed after signing is refused (bad_bundle_signature) and nothing is stored', async () => {
    const siti = await keyedLearner('siti-tampered-push');
    const items = someWork(siti.id);
    const bundle = await signedBundle(siti.key, siti, items);
    const tampered = { ...bundle, text: bundle.text.replace('"completed":true', '"completed":false') };
    expect(tampered.text).not.toBe(bundle.text);
    const res = await t.app.request('/api/sync/push', signedPushInit(siti.token, tampered));
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('bad_bundle_signature');
    expect((await countStored(t.store, idsOf(items))).size).toBe(0);
  });

  it('an unsigned push is accepted while the device has no key (an app from before keys), refused once it has one', async () => {
    const budi = await learnerWithToken(t.store, 'budi-old-app');
    const before = someWork(budi.id);
    const old = await t.app.request('/api/sync/push', pushInit(budi.token, { deviceId: budi.deviceId, items: before }));
    expect(old.status).toBe(200);
    const key = await newDeviceKey();
    await registerKey(t, budi, key);
    const after = someWork(budi.id);
    const res = await t.app.request('/api/sync/push', pushInit(budi.token, { deviceId: budi.deviceId, items: after }));
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe('bundle_signature_required');
    expect((await countStored(t.store, idsOf([...before, ...after]))).size).toBe(4);
  });

  it('a signed push from a device with no registered key is unknown_device; one signed for another learner is refused', async () => {
    const ani = await learnerWithToken(t.store, 'ani-no-key');
    const items = someWork(ani.id);
    const bundle = await signedBundle(await newDeviceKey(), ani, items);
    const res = await t.app.request('/api/sync/push', signedPushInit(ani.token, bundle));
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe('unknown_device');
    const siti = await keyedLearner('siti-other-learner');
    const forAni = await signedBundle(siti.key, { id: ani.id, deviceId: siti.deviceId }, items);
    const mismatch = await t.app.request('/api/sync/push', signedPushInit(siti.token, forAni));
    expect(mismatch.status).toBe(403);
    expect(await errorCode(mismatch)).toBe('bundle_learner_mismatch');
    expect((await countStored(t.store, idsOf(items))).size).toBe(0);
  });

  it('an operator uploads a valid result file: stored with per-item results; the same file again is all duplicate', async () => {
    const siti = await keyedLearner('siti-file');
    const items = someWork(siti.id);
    const bytes = resultFileBytes(await signedBundle(siti.key, siti, items));
    const [first] = await upload([{ name: 'lentera-hasil-siti.lentera', bytes }]);
    expect(first).toMatchObject({
      name: 'lentera-hasil-siti.lentera',
      status: 'stored',
      learnerId: siti.id,
      counts: { accepted: 4, duplicate: 0, conflict: 0, rejected: 0 },
    });
    expect(first!.results).toHaveLength(4);
    const [again] = await upload([{ name: 'lentera-hasil-siti.lentera', bytes }]);
    expect(again!.counts).toEqual({ accepted: 0, duplicate: 4, conflict: 0, rejected: 0 });
    expect([...(await countStored(t.store, idsOf(items))).values()]).toEqual([1, 1, 1, 1]);
    const graded = await t.store.query<{ score: number }>(`SELECT score::float8 AS score FROM attempts WHERE id = $1`, [
      items[2]!.id,
    ]);
    expect(graded.rows).toEqual([{ score: 100 }]);
    const audit = await t.store.query(`SELECT 1 FROM audit_log WHERE action = 'bundle.upload' AND actor_id = $1`, [
      operator.id,
    ]);
    expect(audit.rows.length).toBeGreaterThanOrEqual(2);
  });

  it('items carried by file and later pushed directly by the phone are duplicates, stored once', async () => {
    const siti = await keyedLearner('siti-file-then-push');
    const items = someWork(siti.id);
    const bundle = await signedBundle(siti.key, siti, items);
    await upload([{ name: 'a.lentera', bytes: resultFileBytes(bundle) }]);
    const res = await t.app.request(
      '/api/sync/push',
      signedPushInit(siti.token, await signedBundle(siti.key, siti, items)),
    );
    const { results } = (await res.json()) as PushResponse;
    expect(results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect([...(await countStored(t.store, idsOf(items))).values()]).toEqual([1, 1, 1, 1]);
  });

  it('a file with one byte changed, a truncated file, a gzip bomb and a non-file are each refused with their own code; the good file beside them is stored', async () => {
    const siti = await keyedLearner('siti-bad-files');
    const goodItems = someWork(siti.id);
    const good = resultFileBytes(await signedBundle(siti.key, siti, goodItems));
    const badItems = someWork(siti.id);
    const bundle = await signedBundle(siti.key, siti, badItems);
    // One byte of the signed text changed inside an otherwise valid file: a digit of a client time.
    const flippedText = bundle.text.replace(
      /"answeredAt":(\d)/,
      (_m, d: string) => `"answeredAt":${(Number(d) + 1) % 10}`,
    );
    expect(flippedText).not.toBe(bundle.text);
    const flipped = resultFileBytes({ ...bundle, text: flippedText });
    const whole = resultFileBytes(bundle);
    const truncated = whole.subarray(0, Math.floor(whole.length * 0.7));
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)); // 64 MiB of spaces in ~64 KiB
    const notAFile = gzipSync(JSON.stringify({ format: RESULT_FILE_FORMAT, bundle: '{}' }));
    const outcomes = await upload([
      { name: 'flipped.lentera', bytes: flipped },
      { name: 'truncated.lentera', bytes: truncated },
      { name: 'bomb.lentera', bytes: bomb },
      { name: 'foto.lentera', bytes: notAFile },
      { name: 'good.lentera', bytes: good },
    ]);
    expect(outcomes.map((o) => [o.name, o.status, o.code])).toEqual([
      ['flipped.lentera', 'refused', 'bad_bundle_signature'],
      ['truncated.lentera', 'refused', 'malformed_bundle'],
      ['bomb.lentera', 'refused', 'body_too_large'],
      ['foto.lentera', 'refused', 'malformed_bundle'],
      ['good.lentera', 'stored', undefined],
    ]);
    expect((await countStored(t.store, idsOf(badItems))).size).toBe(0);
    expect((await countStored(t.store, idsOf(goodItems))).size).toBe(4);
  });

  it('a file signed by an unknown device or by a revoked device is refused and nothing of it is stored', async () => {
    const ani = await learnerWithToken(t.store, 'ani-file-unknown');
    const unknownItems = someWork(ani.id);
    const unknown = resultFileBytes(await signedBundle(await newDeviceKey(), ani, unknownItems));
    const siti = await keyedLearner('siti-file-revoked');
    const revokedItems = someWork(siti.id);
    const revokedFile = resultFileBytes(await signedBundle(siti.key, siti, revokedItems));
    const revoke = await t.call('POST', `/api/devices/${siti.deviceId}/revoke`, {
      token: operator.token,
      json: { reason: 'Ponsel dicuri' },
    });
    expect(revoke.status).toBe(200);
    const outcomes = await upload([
      { name: 'unknown.lentera', bytes: unknown },
      { name: 'revoked.lentera', bytes: revokedFile },
    ]);
    expect(outcomes.map((o) => o.code)).toEqual(['unknown_device', 'device_revoked']);
    expect((await countStored(t.store, idsOf([...unknownItems, ...revokedItems]))).size).toBe(0);
  });

  it('an operator of another kecamatan cannot store a learner’s file (outside_region); a learner cannot upload at all', async () => {
    const siti = await keyedLearner('siti-file-outside');
    const items = someWork(siti.id);
    const bytes = resultFileBytes(await signedBundle(siti.key, siti, items));
    const [outside] = await upload([{ name: 'x.lentera', bytes }], otherOperator.token);
    expect(outside).toMatchObject({ status: 'refused', code: 'outside_region' });
    const byLearner = await uploadFiles(t, siti.token, [{ name: 'x.lentera', bytes }]);
    expect(byLearner.status).toBe(403);
    expect((await countStored(t.store, idsOf(items))).size).toBe(0);
  });

  it('after a revocation nothing of the device is taken: a push signed with the revoked key, or an unsigned push of a device revoked before it had a key', async () => {
    const siti = await keyedLearner('siti-push-revoked');
    const budi = await learnerWithToken(t.store, 'budi-legacy-revoked');
    for (const who of [siti, budi]) {
      const res = await t.call('POST', `/api/devices/${who.deviceId}/revoke`, {
        token: operator.token,
        json: { reason: 'Ponsel hilang' },
      });
      expect(res.status).toBe(200);
    }
    // The learners sign in again on the same phones; the phones still hold what they had.
    const sitiToken = (await createSession(t.store, siti.id, siti.deviceId)).token;
    const budiToken = (await createSession(t.store, budi.id, budi.deviceId)).token;
    const sitiItems = someWork(siti.id);
    const signed = await t.app.request(
      '/api/sync/push',
      signedPushInit(sitiToken, await signedBundle(siti.key, siti, sitiItems)),
    );
    expect(signed.status).toBe(403);
    expect(await errorCode(signed)).toBe('device_revoked');
    const budiItems = someWork(budi.id);
    const unsigned = await t.app.request(
      '/api/sync/push',
      pushInit(budiToken, { deviceId: budi.deviceId, items: budiItems }),
    );
    expect(unsigned.status).toBe(403);
    expect(await errorCode(unsigned)).toBe('device_revoked');
    expect((await countStored(t.store, idsOf([...sitiItems, ...budiItems]))).size).toBe(0);
  });

  it(`more than ${MAX_RESULT_FILES} files in one upload is 413 too_many_files, nothing stored`, async () => {
    const siti = await keyedLearner('siti-many-files');
    const items = someWork(siti.id);
    const bytes = resultFileBytes(await signedBundle(siti.key, siti, items));
    const files = Array.from({ length: MAX_RESULT_FILES + 1 }, (_, i) => ({ name: `f${i}.lentera`, bytes }));
    const res = await uploadFiles(t, operator.token, files);
    expect(res.status).toBe(413);
    expect(await errorCode(res)).toBe('too_many_files');
    expect((await countStored(t.store, idsOf(items))).size).toBe(0);
  });

  it('a file name holding a NUL or 300 emoji is stored and echoed cleaned, not a 500 from the audit log', async () => {
    const siti = await keyedLearner('siti-odd-name');
    const items = someWork(siti.id);
    const bytes = resultFileBytes(await signedBundle(siti.key, siti, items));
    const [outcome] = await upload([{ name: `hasil\u0000${'😀'.repeat(300)}.lentera`, bytes }]);
    expect(outcome!.status).toBe('stored');
    expect(outcome!.name.startsWith('hasil\uFFFD😀')).toBe(true);
    expect(Array.from(outcome!.name)).toHaveLength(200);
    expect((await countStored(t.store, idsOf(items))).size).toBe(4);
  });

  it('an upload that is no form, or has no file, is a 4xx with its code', async () => {
    const json = await t.call('POST', '/api/bundles', { token: operator.token, json: { files: [] } });
    expect(json.status).toBe(415);
    expect(await errorCode(json)).toBe('unsupported_media_type');
    const empty = await t.app.request('/api/bundles', {
      method: 'POST',
      headers: { Authorization: `Bearer ${operator.token}` },
      body: new FormData(),
    });
    expect(empty.status).toBe(400);
    const cut = await t.app.request('/api/bundles', {
      method: 'POST',
      headers: { Authorization: `Bearer ${operator.token}`, 'Content-Type': 'multipart/form-data; boundary=zz' },
      body: '--zz\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nabc',
    });
    expect(cut.status).toBe(400);
  });
});

describeEachStore('result files over the size limit', (kind) => {
  const t = useTestApp(kind, { maxBodyBytes: 64 * 1024 });

  it('an upload larger than LENTERA_MAX_BODY_BYTES is 413 body_too_large and nothing of it is stored', async () => {
    await seedQuizzes(t.store);
    const operator = await learnerWithToken(t.store, 'op-big-upload', 'operator');
    await t.store.query(`UPDATE users SET region_code = '34.02.01' WHERE id = $1`, [operator.id]);
    const siti = await learnerWithToken(t.store, 'siti-big-upload');
    const key = await newDeviceKey();
    await registerKey(t, siti, key);
    const items = someWork(siti.id);
    const file = resultFileBytes(await signedBundle(key, siti, items));
    // The real file, then enough random bytes (they do not compress) to pass the limit.
    const padding = randomBytes(65 * 1024);
    const res = await uploadFiles(t, operator.token, [
      { name: 'ok.lentera', bytes: file },
      { name: 'big.lentera', bytes: padding },
    ]);
    expect(res.status).toBe(413);
    expect(await errorCode(res)).toBe('body_too_large');
    expect((await countStored(t.store, idsOf(items))).size).toBe(0);
  });
});

describeEachStore('result files: any bytes, never a 5xx', (kind) => {
  const t = useTestApp(kind);

  it('random bytes, and a valid file with any one byte of its signed text changed, are refused per file; nothing changed is stored', async () => {
    await seedQuizzes(t.store);
    const operator = await learnerWithToken(t.store, 'op-fuzz', 'operator');
    await t.store.query(`UPDATE users SET region_code = '34.02.01' WHERE id = $1`, [operator.id]);
    const siti = await learnerWithToken(t.store, 'siti-fuzz');
    const key = await newDeviceKey();
    await registerKey(t, siti, key);
    const items = someWork(siti.id);
    const bundle = await signedBundle(key, siti, items);
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 600 }),
        fc.nat({ max: bundle.text.length - 1 }),
        fc.integer({ min: 0x20, max: 0x7e }),
        async (noise, at, code) => {
          const changed = `${bundle.text.slice(0, at)}${String.fromCharCode(code)}${bundle.text.slice(at + 1)}`;
          fc.pre(changed !== bundle.text);
          const res = await uploadFiles(t, operator.token, [
            { name: 'noise.lentera', bytes: noise },
            { name: 'changed.lentera', bytes: resultFileBytes({ ...bundle, text: changed }) },
          ]);
          expect(res.status).toBe(200);
          const outcomes = ((await res.json()) as UploadResultBundlesResponse).files;
          expect(outcomes.map((o) => o.status)).toEqual(['refused', 'refused']);
        },
      ),
      { numRuns: 40 },
    );
    expect((await countStored(t.store, idsOf(items))).size).toBe(0);
  });
});
