import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ensureUser } from '../../src/server/auth/users';
import { isOpsToken } from '../../src/server/metrics/metrics-routes';
import { attemptWithAnswers, learnerWithToken, progressItem, pushInit, seedQuizzes } from './sync-fixtures';
import { useTestApp } from './test-app';
import { describeEachStore } from './test-stores';

const OPS_TOKEN = 'ops-token-for-tests-0123456789abcdef';

/** The value of one sample in Prometheus text, e.g. sample(text, 'lentera_sync_items_total', { result: 'accepted' }). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return 0;
}

describe('ops token comparison', () => {
  it('accepts only the exact token, whatever the length of the guess', () => {
    expect(isOpsToken(OPS_TOKEN, OPS_TOKEN)).toBe(true);
    expect(isOpsToken(OPS_TOKEN.slice(0, -1), OPS_TOKEN)).toBe(false);
    expect(isOpsToken(`${OPS_TOKEN}x`, OPS_TOKEN)).toBe(false);
    expect(isOpsToken('', OPS_TOKEN)).toBe(false);
  });
});

describeEachStore('metrics', (kind) => {
  const t = useTestApp(kind, { metricsToken: OPS_TOKEN });
  const scrape = async () => {
    const res = await t.call('GET', '/metrics', { token: OPS_TOKEN });
    expect(res.status).toBe(200);
    return res.text();
  };

  it('answers 401 without the ops token or with a wrong one, and 200 in Prometheus text with it', async () => {
    const none = await t.call('GET', '/metrics');
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
    expect((await t.call('GET', '/metrics', { token: `${OPS_TOKEN}0` })).status).toBe(401);
    // A learner's own session token is not an ops token.
    const learner = await learnerWithToken(t.store, `m-${randomUUID().slice(0, 8)}`);
    expect((await t.call('GET', '/metrics', { token: learner.token })).status).toBe(401);
    const res = await t.call('GET', '/metrics', { token: OPS_TOKEN });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('# TYPE lentera_sync_push_duration_seconds histogram');
    expect(text).toContain('# TYPE lentera_active_devices gauge');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('counts a push by status, its items by result and reason, dead-letters, latency and active devices', async () => {
    await seedQuizzes(t.store);
    const siti = await learnerWithToken(t.store, `siti-${randomUUID().slice(0, 8)}`);
    const before = await scrape();
    const { attempt, answers } = attemptWithAnswers(siti.id, 'pretest', [true, false]);
    const progress = progressItem(siti.id, 'l1', { completed: true, hlc: `${Date.now()}:0:${siti.id}` });
    const unknownQuiz = { ...answers[0]!, id: randomUUID(), quizId: 'no-such-quiz' };
    const first = await t.app.request(
      '/api/sync/push',
      pushInit(siti.token, { deviceId: siti.deviceId, items: [...answers, attempt, progress, unknownQuiz] }),
    );
    expect(first.status).toBe(200);
    // The same progress again (duplicate) and the same id with other content (conflict).
    const changed = { ...progress, completed: false };
    const second = await t.app.request(
      '/api/sync/push',
      pushInit(siti.token, { deviceId: siti.deviceId, items: [progress, changed] }),
    );
    expect(((await second.json()) as { results: Array<{ status: string }> }).results.map((r) => r.status)).toEqual([
      'duplicate',
      'conflict',
    ]);
    const unauthorised = await t.app.request('/api/sync/push', pushInit('not-a-token', { deviceId: siti.deviceId }));
    expect(unauthorised.status).toBe(401);
    const pull = await t.call('GET', '/api/sync/pull', { token: siti.token });
    expect(pull.status).toBe(200);

    const after = await scrape();
    const moved = (name: string, labels: Record<string, string> = {}) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(moved('lentera_sync_pushes_total', { status: '200' })).toBe(2);
    expect(moved('lentera_sync_pushes_total', { status: '401' })).toBe(1);
    expect(moved('lentera_sync_items_total', { result: 'accepted' })).toBe(4);
    expect(moved('lentera_sync_items_total', { result: 'duplicate' })).toBe(1);
    expect(moved('lentera_sync_items_total', { result: 'conflict' })).toBe(1);
    expect(moved('lentera_sync_items_total', { result: 'rejected', reason: 'unknown_quiz' })).toBe(1);
    expect(moved('lentera_sync_dead_letters_total', { reason: 'unknown_quiz' })).toBe(1);
    expect(moved('lentera_sync_dead_letters_total', { reason: 'conflict' })).toBe(1);
    expect(moved('lentera_sync_push_duration_seconds_count')).toBe(2);
    expect(moved('lentera_sync_push_duration_seconds_bucket', { le: '+Inf' })).toBe(2);
    expect(moved('lentera_sync_pulls_total', { status: '200' })).toBe(1);
    // The gauge is read from the store on each scrape: this store has exactly one device that pushed.
    const { rows } = await t.store.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM devices WHERE last_sync_at > now() - interval '1 day'`,
    );
    expect(rows[0]!.n).toBeGreaterThan(0);
    expect(sample(after, 'lentera_active_devices', { window: '1d' })).toBe(rows[0]!.n);
    expect(sample(after, 'lentera_active_devices', { window: '30d' })).toBe(rows[0]!.n);
  });

  it('counts the items of a push whose answer goes out gzip-compressed', async () => {
    const siti = await learnerWithToken(t.store, `gz-${randomUUID().slice(0, 8)}`);
    const items = Array.from({ length: 30 }, (_, i) =>
      progressItem(siti.id, `l${i}`, { completed: false, hlc: `${Date.now()}:${i}:${siti.id}` }),
    );
    const before = await scrape();
    const init = pushInit(siti.token, { deviceId: siti.deviceId, items });
    const res = await t.app.request('/api/sync/push', {
      ...init,
      headers: { ...(init.headers as Record<string, string>), 'Accept-Encoding': 'gzip' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const after = await scrape();
    const accepted = { result: 'accepted' };
    expect(
      sample(after, 'lentera_sync_items_total', accepted) - sample(before, 'lentera_sync_items_total', accepted),
    ).toBe(30);
  });

  it('counts refused sign-ins by route and reason, and not a successful one', async () => {
    const username = `budi-${randomUUID().slice(0, 8)}`;
    await ensureUser(t.store, { username, name: 'Budi', role: 'learner', password: 'benar-sekali' });
    const before = await scrape();
    const wrong = await t.call('POST', '/api/auth/login', { json: { username, password: 'salah-sekali' } });
    expect(wrong.status).toBe(401);
    const right = await t.call('POST', '/api/auth/login', { json: { username, password: 'benar-sekali' } });
    expect(right.status).toBe(200);
    const code = await t.call('POST', '/api/auth/enrol', { json: { code: 'ABCDE-FGHJK' } });
    expect(code.status).toBe(401);
    const after = await scrape();
    const moved = (labels: Record<string, string>) =>
      sample(after, 'lentera_login_failures_total', labels) - sample(before, 'lentera_login_failures_total', labels);
    expect(moved({ route: 'login', reason: 'invalid_credentials' })).toBe(1);
    expect(moved({ route: 'enrol', reason: 'invalid_code' })).toBe(1);
  });
});

describeEachStore('metrics without an ops token configured', (kind) => {
  const t = useTestApp(kind);
  it('does not exist (404), so a server nobody set up for scraping exposes nothing', async () => {
    expect((await t.call('GET', '/metrics')).status).toBe(404);
    expect((await t.call('GET', '/metrics', { token: 'anything' })).status).toBe(404);
  });
});
