import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/server/auth/sessions';
import { ensureUser } from '../../src/server/auth/users';
import { createHub } from '../../src/server/hub/hub-credentials';
import { loadRegions } from '../../src/server/regions/load-regions';
import type { Role } from '../../src/shared/roles';
import { progressItem, pushInit, seedQuizzes, type PushResponse } from './sync-fixtures';
import { useTestApp } from './test-app';
import { describeEachStore } from './test-stores';

// What crosses the HTTP boundary: text the store cannot hold, malformed URLs, bodies that are not
// declared JSON, and answers that must never be cached.

function staticDir() {
  const root = mkdtempSync(join(tmpdir(), 'lentera-boundary-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Lentera</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'export {};\n');
  return root;
}

const ROLES: Role[] = ['learner', 'operator', 'monitor', 'author', 'admin'];
/** Who may call a route: a signed-in account of each role, and a kecamatan hub with its credential. */
type Caller = Role | 'hub';
const CALLERS: Caller[] = [...ROLES, 'hub'];
const DEVICE = '0190a3c2-7d1e-7cc0-9f00-0000000000b1';

describeEachStore('HTTP boundary', (kind) => {
  const t = useTestApp(kind, { staticDir: staticDir() });
  const tokens = {} as Record<Caller, string>;
  const learnerId = { value: '' };
  beforeAll(async () => {
    await loadRegions(t.store, { under: '34.02' });
    await seedQuizzes(t.store);
    for (const role of ROLES) {
      const user = await ensureUser(t.store, {
        username: `b-${role}`,
        name: role,
        role,
        password: 'kata-sandi-benar',
        desaCode: role === 'learner' ? '34.02.01.2001' : null,
      });
      tokens[role] = (await createSession(t.store, user.id, DEVICE)).token;
      if (role === 'learner') learnerId.value = user.id;
    }
    const admin = await ensureUser(t.store, {
      username: 'b-hub-admin',
      name: 'Admin',
      role: 'admin',
      password: 'kata-sandi-benar',
      desaCode: null,
    });
    tokens.hub = (
      await createHub(t.store, { kecamatanCode: '34.02.01', name: 'Hub Srandakan', createdBy: admin.id })
    ).credential;
  });
  const errorOf = async (res: Response) => [res.status, ((await res.json()) as { error: { code: string } }).error.code];
  const raw = (path: string, body: string, token?: string, type = 'application/json') =>
    t.app.request(path, {
      method: 'POST',
      headers: { 'Content-Type': type, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body,
    });

  describe('text holding a NUL or a lone surrogate is refused with 400 invalid_text, never a 500', () => {
    it('in the login username and password, raw JSON escapes included', async () => {
      for (const body of [
        '{"username":"siti\\u0000","password":"x"}',
        '{"username":"siti","password":"a\\u0000b"}',
        '{"username":"\\ud800siti","password":"x"}',
        '{"username":"siti","password":"x\\udfff"}',
      ]) {
        expect(await errorOf(await raw('/api/auth/login', body))).toEqual([400, 'invalid_text']);
      }
      // A whole astral character (a correct surrogate pair) is fine text.
      const emoji = await raw('/api/auth/login', '{"username":"siti\\ud83d\\ude00","password":"x"}');
      expect(await errorOf(emoji)).toEqual([401, 'invalid_credentials']);
    });

    it('in the createUser name and in an object key', async () => {
      const create = (name: string) =>
        t.call('POST', '/api/users', {
          token: tokens.admin,
          json: { username: 'nul-name', name, desaCode: '34.02.01.2001' },
        });
      expect(await errorOf(await create('Sri\u0000Wahyuni'))).toEqual([400, 'invalid_text']);
      expect(await errorOf(await create('Sri \ud83d'))).toEqual([400, 'invalid_text']);
      const key = await raw('/api/users', '{"username":"nul-key","name":"A","\\u0000":1}', tokens.admin);
      expect(await errorOf(key)).toEqual([400, 'invalid_text']);
      const stored = await t.store.query(`SELECT 1 FROM users WHERE username LIKE 'nul-%'`);
      expect(stored.rows).toEqual([]);
    });

    it('in enrolDevice and createEnrolmentCodes bodies', async () => {
      expect(await errorOf(await raw('/api/auth/enrol', '{"code":"ABCDE\\u0000FGHIJ"}'))).toEqual([
        400,
        'invalid_text',
      ]);
      const codes = await raw('/api/learners/enrolment-codes', '{"usernames":["a\\ud800"]}', tokens.admin);
      expect(await errorOf(codes)).toEqual([400, 'invalid_text']);
    });

    it('in searchRegions q and other query values', async () => {
      const search = (query: string) => t.call('GET', `/api/regions?${query}`, { token: tokens.learner });
      expect(await errorOf(await search('q=%00'))).toEqual([400, 'invalid_text']);
      expect(await errorOf(await search('q=srandakan%00x'))).toEqual([400, 'invalid_text']);
      expect(await errorOf(await search('parent=%00'))).toEqual([400, 'invalid_text']);
      expect(await errorOf(await search('q%00=x'))).toEqual([400, 'invalid_text']);
      // A surrogate cannot be percent-encoded as UTF-8 at all: malformed, also a 400.
      expect(await errorOf(await search('q=%ED%A0%80'))).toEqual([400, 'malformed_url']);
      expect((await search('q=srandakan')).status).toBe(200);
    });

    it('in a course id, a version and a user id in the path', async () => {
      for (const [method, path, role] of [
        ['GET', '/api/courses/%00/versions/latest', 'learner'],
        ['GET', '/api/courses/perencanaan/versions/1.0%00', 'learner'],
        ['POST', '/api/courses/kursus%00/withdraw', 'author'],
        ['POST', '/api/users/%00/enrolment-code', 'admin'],
        ['GET', '/api/reports/regions/34.02%00', 'admin'],
      ] as const) {
        expect(await errorOf(await t.call(method, path, { token: tokens[role] }))).toEqual([400, 'invalid_text']);
      }
    });
    it('leaves push items to the per-item check, so the rest of the batch is still stored', async () => {
      const good = progressItem(learnerId.value, 'l1', { completed: true, hlc: '0000000003000:0000:dev' });
      const bad = progressItem(learnerId.value, 'l2', { completed: true, hlc: '0000000003001:0000:dev' });
      const body = JSON.stringify({ deviceId: DEVICE, items: [good, bad] }).replace('"l2"', '"l2\\ud800"');
      const res = await t.app.request('/api/sync/push', pushInit(tokens.learner, body));
      expect(res.status).toBe(200);
      const { results } = (await res.json()) as PushResponse;
      expect(results.map((r) => [r.status, r.reason])).toEqual([
        ['accepted', undefined],
        ['rejected', 'invalid_item'],
      ]);
    });
  });

  describe('malformed percent-encoding answers 400 or 404, never a 500', () => {
    for (const path of [
      '/%',
      '/%E0%A4%A',
      '/assets/%zz.js',
      '/kursus/%E0%A4%A',
      '/api/%',
      '/api/courses/%E0%A4%A/versions/latest',
      '/api/regions?q=%E0%A4%A',
      '/api/regions?q=100%',
      '/healthz?%zz',
    ]) {
      it(path, async () => {
        const res = await t.call('GET', path, { token: tokens.learner });
        expect([400, 404]).toContain(res.status);
        expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(/^(malformed_url|not_found)$/);
      });
    }

    it('well-formed encodings still reach the app and the API', async () => {
      expect((await t.call('GET', '/kursus/%E0%A4%A8')).status).toBe(200);
      expect((await t.call('GET', '/assets/index-abc.js')).status).toBe(200);
      expect((await t.call('GET', '/api/regions?q=%20srandakan%20', { token: tokens.learner })).status).toBe(200);
    });
  });

  describe('a JSON route given a body not declared as JSON answers 415 unsupported_media_type', () => {
    it('on every route whose OpenAPI request body is application/json', async () => {
      const spec = (await (await t.call('GET', '/api/openapi.json')).json()) as {
        paths: Record<string, Record<string, { operationId: string; requestBody?: { content?: object } }>>;
      };
      const jsonRoutes = Object.entries(spec.paths).flatMap(([path, ops]) =>
        Object.entries(ops)
          .filter(([, op]) => op.requestBody?.content && 'application/json' in op.requestBody.content)
          .map(([method, op]) => ({ method: method.toUpperCase(), path, operationId: op.operationId })),
      );
      expect(jsonRoutes.map((r) => r.operationId)).toEqual(
        expect.arrayContaining(['login', 'enrolDevice', 'syncPush', 'createUser', 'publishCourse']),
      );
      const body = JSON.stringify({ deviceId: DEVICE, items: [{}], username: 'b-admin', password: 'x' });
      for (const route of jsonRoutes) {
        const path = route.path.replace(/\{[^}]+\}/g, '0190a3c2-7d1e-7cc0-9f00-000000000001');
        for (const type of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
          const statuses: number[] = [];
          for (const role of CALLERS) {
            const res = await t.app.request(path, {
              method: route.method,
              headers: { Authorization: `Bearer ${tokens[role]}`, ...(type ? { 'Content-Type': type } : {}) },
              body: type ? body : new TextEncoder().encode(body),
            });
            statuses.push(res.status);
            if (res.status === 415) {
              const error = ((await res.json()) as { error: { code: string; message: string } }).error;
              expect(error.code).toBe('unsupported_media_type');
              expect(error.message).toContain('application/json');
            }
          }
          // Callers that may not call the route get 403 (or 401: a hub credential is no account token,
          // and an account token is no hub credential) first; every caller that may, gets 415.
          expect(
            statuses.every((s) => s === 415 || s === 403 || s === 401),
            `${route.operationId} ${type}: ${statuses}`,
          ).toBe(true);
          expect(statuses, `${route.operationId} ${type}`).toContain(415);
        }
      }
    });

    it('a gzip body declared application/json still works, and so does a charset parameter', async () => {
      const item = progressItem(learnerId.value, 'l1', { completed: true, hlc: '0000000002000:0000:dev' });
      const res = await t.app.request(
        '/api/sync/push',
        pushInit(tokens.learner, { deviceId: DEVICE, items: [item] }, true),
      );
      expect(res.status).toBe(200);
      const login = await raw(
        '/api/auth/login',
        '{"username":"b-learner","password":"kata-sandi-benar"}',
        undefined,
        'application/json; charset=utf-8',
      );
      expect(login.status).toBe(200);
    });
  });

  describe('API answers carry Cache-Control: no-store unless deliberately cacheable', () => {
    it('token, enrolment-code and account answers, and errors', async () => {
      const login = await raw('/api/auth/login', '{"username":"b-learner","password":"kata-sandi-benar"}');
      expect(login.status).toBe(200);
      expect(login.headers.get('cache-control')).toBe('no-store');
      const learner = await ensureUser(t.store, {
        username: 'b-enrol',
        name: 'Enrol',
        role: 'learner',
        desaCode: '34.02.01.2001',
      });
      const code = await t.call('POST', `/api/users/${learner.id}/enrolment-code`, { token: tokens.admin });
      expect(code.status).toBe(201);
      expect(code.headers.get('cache-control')).toBe('no-store');
      const enrol = await t.call('POST', '/api/auth/enrol', {
        json: { code: ((await code.json()) as { code: string }).code },
      });
      expect(enrol.status).toBe(200);
      expect(enrol.headers.get('cache-control')).toBe('no-store');
      for (const res of [
        await t.call('GET', '/api/auth/me', { token: tokens.learner }),
        await t.call('GET', '/api/auth/me'),
        await raw('/api/auth/login', '{"username":"b-learner","password":"salah"}'),
        await t.call('GET', '/api/regions?q=bantul', { token: tokens.learner }),
        await t.call('GET', '/api/no-such-thing'),
      ]) {
        expect(res.headers.get('cache-control'), res.url).toBe('no-store');
      }
    });

    it('content-addressed course files keep their long-lived caching', async () => {
      const bytes = new TextEncoder().encode('isi berkas');
      const hash = Buffer.from(await crypto.subtle.digest('SHA-256', bytes)).toString('hex');
      await t.store.query(`INSERT INTO course_files (hash, size, type, data) VALUES ($1, $2, 'text/plain', $3)`, [
        hash,
        bytes.length,
        Buffer.from(bytes),
      ]);
      const res = await t.call('GET', `/api/course-files/${hash}`, { token: tokens.author });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toContain('immutable');
    });
  });
});
