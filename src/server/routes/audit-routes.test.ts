import { beforeAll, describe, expect, it } from 'vitest';
import { publishPackage } from '../../cli/course/publish-package';
import { demoPackage, generatePublisherKey } from '../../../tests/server/course-fixture';
import { errorCode, staffWithToken } from '../../../tests/server/staff-fixture';
import { useTestApp } from '../../../tests/server/test-app';
import { describeEachStore } from '../../../tests/server/test-stores';
import type { AuditEntry, AuditLogResponse } from '../../shared/audit/audit-action';
import type { CreateUserResponse } from '../../shared/enrolment-protocol';
import { loadRegions } from '../regions/load-regions';

describeEachStore('audit log: listAuditLog and the entries staff actions write', (kind) => {
  const t = useTestApp(kind);
  const who = {} as Record<
    'admin' | 'operator' | 'monitor' | 'monitorKulon' | 'author' | 'learner' | 'unbound',
    { id: string; token: string }
  >;
  beforeAll(async () => {
    await loadRegions(t.store, { under: '34' });
    who.admin = await staffWithToken(t.store, 'a-admin', 'admin');
    who.operator = await staffWithToken(t.store, 'a-operator', 'operator', '34.02.01');
    who.monitor = await staffWithToken(t.store, 'a-monitor', 'monitor', '34.02');
    who.monitorKulon = await staffWithToken(t.store, 'a-monitor-kp', 'monitor', '34.01');
    who.author = await staffWithToken(t.store, 'a-author', 'author');
    who.learner = await staffWithToken(t.store, 'a-learner', 'learner');
    who.unbound = await staffWithToken(t.store, 'a-unbound', 'monitor');
  });
  const read = async (query: string, token = who.admin.token) => {
    const res = await t.call('GET', `/api/audit${query}`, { token });
    expect(res.status).toBe(200);
    return ((await res.json()) as AuditLogResponse).entries;
  };
  const latest = async (action: string): Promise<AuditEntry | undefined> => (await read(`?action=${action}`))[0];

  describe('entries written by the existing staff routes', () => {
    it('enrolling a learner (createUser) records learner.enrol with the desa as its region', async () => {
      const res = await t.call('POST', '/api/users', {
        token: who.operator.token,
        json: { username: 'audit.siti', name: 'Siti', desaCode: '34.02.01.2001' },
      });
      expect(res.status).toBe(201);
      expect(await latest('learner.enrol')).toMatchObject({
        actorId: who.operator.id,
        actorUsername: 'a-operator',
        targetType: 'user',
        targetId: 'audit.siti',
        regionCode: '34.02.01.2001',
      });
    });

    it('a refused enrolment (desa outside the kecamatan) is refused with outside_region and writes nothing', async () => {
      const before = await read('');
      const res = await t.call('POST', '/api/users', {
        token: who.operator.token,
        json: { username: 'audit.luar', name: 'Luar', desaCode: '34.02.02.2001' },
      });
      expect([res.status, await errorCode(res)]).toEqual([403, 'outside_region']);
      expect(await read('')).toEqual(before);
    });

    it('re-issuing a code (single and bulk) and signing a learner’s phones out are recorded', async () => {
      const { account } = (await (
        await t.call('POST', '/api/users', {
          token: who.operator.token,
          json: { username: 'audit.budi', name: 'Budi', desaCode: '34.02.01.2002' },
        })
      ).json()) as CreateUserResponse;
      expect(
        (await t.call('POST', `/api/users/${account.id}/enrolment-code`, { token: who.operator.token })).status,
      ).toBe(201);
      expect(await latest('enrolment.reissue')).toMatchObject({ targetId: 'audit.budi', regionCode: '34.02.01.2002' });
      const bulk = await t.call('POST', '/api/learners/enrolment-codes', {
        token: who.operator.token,
        json: { usernames: ['audit.siti', 'audit.budi', 'nobody'] },
      });
      expect(bulk.status).toBe(200);
      const reissued = (await read('?action=enrolment.reissue')).slice(0, 2);
      expect(reissued.map((e) => [e.targetId, e.detail])).toEqual([
        ['audit.budi', { bulk: true }],
        ['audit.siti', { bulk: true }],
      ]);
      expect(
        (await t.call('POST', `/api/users/${account.id}/revoke-tokens`, { token: who.operator.token })).status,
      ).toBe(200);
      expect(await latest('device.revoke')).toMatchObject({ targetId: 'audit.budi', detail: { allDevices: true } });
    });

    it('a CSV import records learner.import once with its counts; a file that changes nothing records nothing', async () => {
      const csv =
        'nama,username,kode_desa,jabatan\r\nAni,audit.ani,34.02.01.2001,Kaur Umum\r\nLuar,audit.x,34.03.01.2001,Kaur\r\n';
      const upload = () =>
        t.app.request('/api/learners/import', {
          method: 'POST',
          headers: { 'Content-Type': 'text/csv', Authorization: `Bearer ${who.operator.token}` },
          body: csv,
        });
      expect((await upload()).status).toBe(200);
      expect(await latest('learner.import')).toMatchObject({
        actorId: who.operator.id,
        targetType: 'csv',
        regionCode: '34.02.01',
        detail: { created: 1, updated: 0, unchanged: 0, rejected: 1 },
      });
      const count = (await read('?action=learner.import')).length;
      expect((await upload()).status).toBe(200);
      expect((await read('?action=learner.import')).length).toBe(count);
    });

    it('publishing a course version and withdrawing the course are recorded as national (no region)', async () => {
      const key = await generatePublisherKey();
      const pkg = await demoPackage(key);
      const viaApp = ((url: URL | string, init?: RequestInit) => t.app.request(url.toString(), init)) as typeof fetch;
      const published = await publishPackage(pkg, {
        server: 'http://lentera.test',
        token: who.author.token,
        fetch: viaApp,
      });
      expect(await latest('course.publish')).toMatchObject({
        actorId: who.author.id,
        targetType: 'course',
        targetId: published.courseId,
        regionCode: null,
        detail: { version: '1.0.0' },
      });
      // Publishing the same version again is a no-op and records nothing.
      await publishPackage(pkg, { server: 'http://lentera.test', token: who.author.token, fetch: viaApp });
      expect((await read('?action=course.publish')).length).toBe(1);
      const res = await t.call('POST', `/api/courses/${published.courseId}/withdraw`, { token: who.author.token });
      expect(res.status).toBe(204);
      expect(await latest('course.withdraw')).toMatchObject({ targetId: published.courseId, regionCode: null });
    });
  });

  describe('who may read what', () => {
    it('a monitor reads the entries of their own region only: no national entries, no other kabupaten', async () => {
      const entries = await read('', who.monitor.token);
      expect(entries.length).toBeGreaterThan(0);
      expect(entries.every((e) => e.regionCode !== null && e.regionCode.startsWith('34.02'))).toBe(true);
      expect(entries.map((e) => e.action)).not.toContain('course.publish');
      expect(await read('?region=34.02.01', who.monitor.token)).toEqual(
        entries.filter((e) => e.regionCode!.startsWith('34.02.01')),
      );
      expect(await read('', who.monitorKulon.token)).toEqual([]);
    });

    it('a monitor asking for another region’s log is refused with 403 outside_region', async () => {
      const res = await t.call('GET', '/api/audit?region=34.02', { token: who.monitorKulon.token });
      expect([res.status, await errorCode(res)]).toEqual([403, 'outside_region']);
      const national = await t.call('GET', '/api/audit?region=34', { token: who.monitor.token });
      expect([national.status, await errorCode(national)]).toEqual([403, 'outside_region']);
    });

    it('admin reads everything, national entries too, and may narrow to a region', async () => {
      const all = await read('');
      expect(all.map((e) => e.action)).toEqual(expect.arrayContaining(['course.publish', 'learner.enrol']));
      const srandakan = await read('?region=34.02.01');
      expect(srandakan.length).toBeGreaterThan(0);
      expect(srandakan.every((e) => e.regionCode?.startsWith('34.02.01'))).toBe(true);
    });

    it('operators, authors and learners are refused (403 forbidden); a monitor with no region 403 no_region', async () => {
      for (const token of [who.operator.token, who.author.token, who.learner.token]) {
        const res = await t.call('GET', '/api/audit', { token });
        expect([res.status, await errorCode(res)]).toEqual([403, 'forbidden']);
      }
      const unbound = await t.call('GET', '/api/audit', { token: who.unbound.token });
      expect([unbound.status, await errorCode(unbound)]).toEqual([403, 'no_region']);
      expect((await t.call('GET', '/api/audit')).status).toBe(401);
    });

    it('pages newest first with nextBefore; bad region, action, before or limit → 400, unknown region → 404', async () => {
      const all = await read('');
      const page1 = (await (
        await t.call('GET', '/api/audit?limit=2', { token: who.admin.token })
      ).json()) as AuditLogResponse;
      expect(page1.entries).toEqual(all.slice(0, 2));
      const page2 = (await (
        await t.call('GET', `/api/audit?limit=2&before=${page1.nextBefore}`, { token: who.admin.token })
      ).json()) as AuditLogResponse;
      expect(page2.entries).toEqual(all.slice(2, 4));
      expect(
        ((await (await t.call('GET', '/api/audit?limit=500', { token: who.admin.token })).json()) as AuditLogResponse)
          .nextBefore,
      ).toBeNull();
      for (const query of [
        '?region=3402',
        '?action=staff.delete',
        '?before=abc',
        '?limit=-1',
        '?before=99999999999999999999',
      ]) {
        const res = await t.call('GET', `/api/audit${query}`, { token: who.admin.token });
        expect([query, res.status, await errorCode(res)]).toEqual([query, 400, 'invalid_request']);
      }
      const unknown = await t.call('GET', '/api/audit?region=34.99', { token: who.admin.token });
      expect([unknown.status, await errorCode(unknown)]).toEqual([404, 'unknown_region']);
    });
  });
});
