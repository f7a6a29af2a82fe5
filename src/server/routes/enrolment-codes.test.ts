import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../tests/server/test-stores';
import { useTestApp } from '../../../tests/server/test-app';
import { normalizeEnrolmentCode } from '../../shared/enrolment-protocol';
import type { EnrolmentCodesResponse } from '../../shared/monitoring/learner-import';
import { redeemEnrolmentCode } from '../auth/enrolment-codes';
import { createSession } from '../auth/sessions';
import { ensureUser } from '../auth/users';

describeEachStore('createEnrolmentCodes', (kind) => {
  const t = useTestApp(kind);
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    for (const [username, role, desaCode, regionCode] of [
      ['operator', 'operator', null, '34.02.01'],
      ['monitor', 'monitor', null, '34.02'],
      ['siti', 'learner', '34.02.01.2001', null],
      ['budi', 'learner', '34.02.01.2002', null],
      ['sanden', 'learner', '34.02.02.2001', null],
    ] as const) {
      const { id } = await ensureUser(t.store, { username, name: username.toUpperCase(), role, desaCode, regionCode });
      tokens[username] = (await createSession(t.store, id, undefined)).token;
    }
  });
  const issue = (usernames: string[], who = 'operator') =>
    t.call('POST', '/api/learners/enrolment-codes', { json: { usernames }, token: tokens[who] });

  it('issues a code per learner of the region and says why for the others', async () => {
    const res = await issue(['siti', 'Budi', 'sanden', 'nobody', 'operator']);
    expect(res.status).toBe(200);
    const { rows } = (await res.json()) as EnrolmentCodesResponse;
    expect(rows.map((r) => [r.username, r.status, r.reason ?? null])).toEqual([
      ['siti', 'issued', null],
      ['budi', 'issued', null],
      ['sanden', 'rejected', 'outside_region'],
      ['nobody', 'rejected', 'unknown_learner'],
      ['operator', 'rejected', 'unknown_learner'],
    ]);
    expect(rows[0]).toMatchObject({ name: 'SITI', desaCode: '34.02.01.2001' });
    expect(rows[0]!.code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(rows[0]!.enrolPath).toBe(`/masuk?kode=${rows[0]!.code}`);
    // Stored hashed only, and redeemable once for the right learner.
    const stored = await t.store.query<{ code_hash: string }>(`SELECT code_hash FROM enrolment_codes`);
    expect(stored.rows.some((r) => r.code_hash.includes(normalizeEnrolmentCode(rows[0]!.code!)))).toBe(false);
    const redeemed = await redeemEnrolmentCode(t.store, normalizeEnrolmentCode(rows[0]!.code!), undefined);
    expect(redeemed.ok).toBe(true);
    expect(await redeemEnrolmentCode(t.store, normalizeEnrolmentCode(rows[0]!.code!), undefined)).toEqual({
      ok: false,
      reason: 'used',
    });
  });

  it('replaces an unused earlier code when printed again', async () => {
    const first = ((await (await issue(['budi'])).json()) as EnrolmentCodesResponse).rows[0]!.code!;
    const second = ((await (await issue(['budi'])).json()) as EnrolmentCodesResponse).rows[0]!.code!;
    expect(second).not.toBe(first);
    expect(await redeemEnrolmentCode(t.store, normalizeEnrolmentCode(first), undefined)).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect((await redeemEnrolmentCode(t.store, normalizeEnrolmentCode(second), undefined)).ok).toBe(true);
  });

  it('refuses monitors and learners, an empty list and more than 500 names', async () => {
    expect((await issue(['siti'], 'monitor')).status).toBe(403);
    expect((await issue(['siti'], 'siti')).status).toBe(403);
    expect((await issue([])).status).toBe(400);
    expect((await issue(Array.from({ length: 501 }, (_, i) => `u${i}`))).status).toBe(400);
  });
});
