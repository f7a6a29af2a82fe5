import { beforeAll, describe, expect, it } from 'vitest';
import { errorCode, staffWithToken } from '../../../tests/server/staff-fixture';
import { useTestApp } from '../../../tests/server/test-app';
import { describeEachStore } from '../../../tests/server/test-stores';
import type { ListStaffResponse, StaffPasswordResponse } from '../../shared/admin/staff-protocol';
import type { AuditLogResponse } from '../../shared/audit/audit-action';
import type { LoginResponse } from '../../shared/auth-protocol';
import { loadRegions } from '../regions/load-regions';

describeEachStore('staff accounts: createStaff, listStaff, disableStaff, enableStaff, resetStaffPassword', (kind) => {
  const t = useTestApp(kind);
  let admin: { id: string; token: string };
  let others: Record<'operator' | 'monitor' | 'author' | 'learner', string>;
  beforeAll(async () => {
    await loadRegions(t.store, { under: '34.02' });
    admin = await staffWithToken(t.store, 'admin-staff', 'admin');
    others = {
      operator: (await staffWithToken(t.store, 'op-staff', 'operator', '34.02.01')).token,
      monitor: (await staffWithToken(t.store, 'mon-staff', 'monitor', '34.02')).token,
      author: (await staffWithToken(t.store, 'author-staff', 'author')).token,
      learner: (await staffWithToken(t.store, 'learner-staff', 'learner')).token,
    };
  });
  const create = (json: unknown, token = admin.token) => t.call('POST', '/api/staff', { token, json });
  const login = (username: string, password: string) =>
    t.call('POST', '/api/auth/login', { json: { username, password } });
  const auditOf = async (action: string) => {
    const res = await t.call('GET', `/api/audit?action=${action}`, { token: admin.token });
    return ((await res.json()) as AuditLogResponse).entries;
  };

  it('an admin creates a monitor bound to a kabupaten; the one-time password signs it in; the audit log names it', async () => {
    const res = await create({
      username: 'Pantau.Bantul',
      name: 'Tim PMD Bantul',
      role: 'monitor',
      regionCode: '34.02',
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as StaffPasswordResponse;
    expect(body.account).toMatchObject({
      username: 'pantau.bantul',
      role: 'monitor',
      regionCode: '34.02',
      regionName: 'KABUPATEN BANTUL',
      disabledAt: null,
    });
    expect(body.password).toMatch(/^[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{2}$/);
    expect((await login('pantau.bantul', body.password)).status).toBe(200);
    const stored = await t.store.query<{ password_hash: string }>(
      `SELECT password_hash FROM users WHERE username = 'pantau.bantul'`,
    );
    expect(stored.rows[0]!.password_hash).not.toContain(body.password);
    const [entry] = await auditOf('staff.create');
    expect(entry).toMatchObject({
      actorId: admin.id,
      actorUsername: 'admin-staff',
      targetType: 'user',
      targetId: 'pantau.bantul',
      regionCode: '34.02',
      detail: { role: 'monitor', name: 'Tim PMD Bantul' },
    });
    expect(JSON.stringify(entry)).not.toContain(body.password);
  });

  it('refuses an operator or monitor with no region (400 region_required), a made-up region, a taken username', async () => {
    const none = await create({ username: 'op-tanpa', name: 'Op', role: 'operator' });
    expect([none.status, await errorCode(none)]).toEqual([400, 'region_required']);
    const madeUp = await create({ username: 'op-fiktif', name: 'Op', role: 'operator', regionCode: '34.02.99' });
    expect([madeUp.status, await errorCode(madeUp)]).toEqual([400, 'unknown_region']);
    const taken = await create({ username: 'op-staff', name: 'Op', role: 'author' });
    expect([taken.status, await errorCode(taken)]).toEqual([409, 'username_taken']);
    const learnerRole = await create({ username: 'belajar', name: 'L', role: 'learner' });
    expect([learnerRole.status, await errorCode(learnerRole)]).toEqual([400, 'invalid_request']);
    const stored = await t.store.query(`SELECT 1 FROM users WHERE username IN ('op-tanpa', 'op-fiktif', 'belajar')`);
    expect(stored.rows).toEqual([]);
  });

  it('an author or admin is national: a region sent with it is not stored', async () => {
    const res = await create({ username: 'penulis-2', name: 'Penulis', role: 'author', regionCode: '34.02' });
    expect(res.status).toBe(201);
    expect(((await res.json()) as StaffPasswordResponse).account.regionCode).toBeNull();
  });

  it('only admin may list, create, disable, enable or reset (403 forbidden for every other role, 401 unsigned)', async () => {
    const { rows } = await t.store.query<{ id: string }>(
      `SELECT id::text AS id FROM users WHERE username = 'op-staff'`,
    );
    const id = rows[0]!.id;
    for (const token of Object.values(others)) {
      for (const [method, path, json] of [
        ['GET', '/api/staff', undefined],
        ['POST', '/api/staff', { username: 'x-staff', name: 'X', role: 'admin' }],
        ['POST', `/api/staff/${id}/disable`, undefined],
        ['POST', `/api/staff/${id}/enable`, undefined],
        ['POST', `/api/staff/${id}/reset-password`, undefined],
      ] as const) {
        const res = await t.call(method, path, { token, json });
        expect([method, path, res.status, await errorCode(res)]).toEqual([method, path, 403, 'forbidden']);
      }
    }
    expect((await t.call('GET', '/api/staff')).status).toBe(401);
  });

  it('lists staff accounts only, never learners, with their region names; q filters by name or username', async () => {
    const res = await t.call('GET', '/api/staff', { token: admin.token });
    const { staff } = (await res.json()) as ListStaffResponse;
    expect(staff.map((s) => s.role)).not.toContain('learner');
    expect(staff.find((s) => s.username === 'op-staff')).toMatchObject({ regionName: 'Srandakan', role: 'operator' });
    const filtered = (await (
      await t.call('GET', '/api/staff?q=PMD%20bantul', { token: admin.token })
    ).json()) as ListStaffResponse;
    expect(filtered.staff.map((s) => s.username)).toEqual(['pantau.bantul']);
  });

  it('disabling signs the account out everywhere and stops sign-in; enabling lets it sign in again; both audited', async () => {
    const created = (await (
      await create({ username: 'op-pindah', name: 'Op Pindah', role: 'operator', regionCode: '34.02.01' })
    ).json()) as StaffPasswordResponse;
    const session = (await (await login('op-pindah', created.password)).json()) as LoginResponse;
    const disabled = await t.call('POST', `/api/staff/${created.account.id}/disable`, { token: admin.token });
    expect(disabled.status).toBe(200);
    expect(((await disabled.json()) as { account: { disabledAt: string | null } }).account.disabledAt).not.toBeNull();
    expect((await t.call('GET', '/api/auth/me', { token: session.token })).status).toBe(401);
    expect((await login('op-pindah', created.password)).status).toBe(401);
    const enabled = await t.call('POST', `/api/staff/${created.account.id}/enable`, { token: admin.token });
    expect(enabled.status).toBe(200);
    expect((await login('op-pindah', created.password)).status).toBe(200);
    expect((await auditOf('staff.disable'))[0]).toMatchObject({
      targetId: 'op-pindah',
      regionCode: '34.02.01',
      detail: { role: 'operator', revokedSessions: 1 },
    });
    expect((await auditOf('staff.enable'))[0]).toMatchObject({ targetId: 'op-pindah', regionCode: '34.02.01' });
  });

  it('a reset password replaces the old one and revokes old sessions; answered once, audited without it', async () => {
    const created = (await (
      await create({ username: 'mon-lupa', name: 'Mon Lupa', role: 'monitor', regionCode: '34.02' })
    ).json()) as StaffPasswordResponse;
    const session = (await (await login('mon-lupa', created.password)).json()) as LoginResponse;
    const res = await t.call('POST', `/api/staff/${created.account.id}/reset-password`, { token: admin.token });
    expect(res.status).toBe(200);
    const reset = (await res.json()) as StaffPasswordResponse;
    expect(reset.password).not.toBe(created.password);
    expect((await login('mon-lupa', created.password)).status).toBe(401);
    expect((await login('mon-lupa', reset.password)).status).toBe(200);
    expect((await t.call('GET', '/api/auth/me', { token: session.token })).status).toBe(401);
    const [entry] = await auditOf('staff.reset_password');
    expect(entry).toMatchObject({ targetId: 'mon-lupa', detail: { revokedSessions: 1 } });
    expect(JSON.stringify(entry)).not.toContain(reset.password);
  });

  it('refuses to disable your own account (409 own_account), a learner or an unknown id (404), a malformed id (400)', async () => {
    const self = await t.call('POST', `/api/staff/${admin.id}/disable`, { token: admin.token });
    expect([self.status, await errorCode(self)]).toEqual([409, 'own_account']);
    const { rows } = await t.store.query<{ id: string }>(
      `SELECT id::text AS id FROM users WHERE username = 'learner-staff'`,
    );
    for (const id of [rows[0]!.id, '0190a3c2-7d1e-7cc0-9f00-00000000dead']) {
      const res = await t.call('POST', `/api/staff/${id}/reset-password`, { token: admin.token });
      expect([res.status, await errorCode(res)]).toEqual([404, 'unknown_account']);
    }
    const bad = await t.call('POST', '/api/staff/not-a-uuid/enable', { token: admin.token });
    expect([bad.status, await errorCode(bad)]).toEqual([400, 'invalid_request']);
    expect((await t.call('GET', '/api/auth/me', { token: admin.token })).status).toBe(200);
  });

  it('every new admin, audit, learners and chart operation is in the OpenAPI document', async () => {
    const doc = (await (await t.call('GET', '/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(ids).toEqual(
      expect.arrayContaining([
        'listStaff',
        'createStaff',
        'disableStaff',
        'enableStaff',
        'resetStaffPassword',
        'listAuditLog',
        'listRegionLearners',
        'listSyncedDevices',
        'regionCharts',
      ]),
    );
  });

  describe('bad input never causes a 5xx', () => {
    it('a body that is not JSON, a wrong role, an over-long name', async () => {
      const notJson = await t.call('POST', '/api/staff', {
        token: admin.token,
        headers: { 'Content-Type': 'application/json' },
      });
      expect(notJson.status).toBe(400);
      for (const json of [
        { username: 'ok-user', name: 'A', role: 'superuser' },
        { username: 'ok-user', name: 'A'.repeat(121), role: 'author' },
        { username: 'ok-user', name: 'A', role: 'monitor', regionCode: '3402' },
      ]) {
        const res = await create(json);
        expect([res.status, await errorCode(res)]).toEqual([400, 'invalid_request']);
      }
    });
  });
});
