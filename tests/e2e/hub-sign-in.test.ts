import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateHubResponse, HubStatus } from '../../src/server/hub/hub-protocol';
import { openStore } from '../../src/server/store/open-store';
import type { EnrolmentCode } from '../../src/shared/enrolment-protocol';
import { createPin } from './fixtures/learner-profile';
import { downloadPretestCourse, finishPretest, outboxOf, storedCopies } from './fixtures/pretest-journey';
import {
  chromiumAvailable,
  closeAllCdp,
  launchBrowser,
  readIndexedDB,
  startServer,
  waitForServiceWorker,
  type BrowserHandle,
  type ServerHandle,
} from './harness';
import { startNationalWithUplink, type NationalWithUplink } from './harness/hub-servers';
import { E2E_ADMIN_PASSWORD } from '../server/harness/pglite-template';

// Signing in at the office (docs/hub.md, "The device key at the office"): a phone that has never
// signed in sets the hub from the link on the operator's hub page, enrols with a one-time code at
// the hub while the uplink is cut — handing the hub its device key with the code — downloads a
// course from the hub, finishes a quiz, and the hub holds its signed results at once. The uplink
// comes back: the hub forwards the enrolment with the key, then the bundle; the national server has
// every item once, verified against that key, and the phone at home shows them confirmed without
// sending them again. The national server on PostgreSQL, the hub on PGlite, real Chromium.

const STATIC_DIR = process.env.LENTERA_STATIC_DIR;
const LEARNER = 'wulan-kantor';

const json = async <T>(res: Response): Promise<T> => {
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};
const hubStatus = async (hub: ServerHandle) => json<HubStatus>(await fetch(`${hub.url}/api/hub/status`));
const refuse = (route: Route) => route.abort('internetdisconnected');

async function syncNow(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('sync-now').click();
}

describe.skipIf(!chromiumAvailable())('signing in at the office through the hub', () => {
  let servers: NationalWithUplink;
  let hub: ServerHandle | undefined;
  let phone: BrowserHandle;
  let operator: BrowserHandle;

  beforeAll(async () => {
    servers = await startNationalWithUplink(STATIC_DIR);
    [phone, operator] = await Promise.all([launchBrowser(), launchBrowser()]);
  });
  afterAll(async () => {
    closeAllCdp();
    await Promise.all([phone?.close(), operator?.close()]);
    await hub?.stop();
    await servers?.stop();
  });

  it(
    'uplink cut: a new phone sets the hub from its page, enrols with a code there (its key with it), downloads a course and its quiz is held; uplink back: stored once, verified with that key, confirmed at home',
    { timeout: 420_000 },
    async () => {
      const { national, uplink, setUplink } = servers;
      const url = national.url;
      const admin = await json<{ token: string }>(
        await fetch(`${url}/api/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password: E2E_ADMIN_PASSWORD }),
        }),
      );
      const authed = { 'Content-Type': 'application/json', Authorization: `Bearer ${admin.token}` };
      // The operator enrols a learner without a password and prints her one-time code.
      const { account } = await json<{ account: { id: string } }>(
        await fetch(`${url}/api/users`, {
          method: 'POST',
          headers: authed,
          body: JSON.stringify({ username: LEARNER, name: 'Wulan', desaCode: '34.02.01.2001' }),
        }),
      );
      const { code } = await json<EnrolmentCode>(
        await fetch(`${url}/api/users/${account.id}/enrolment-code`, { method: 'POST', headers: authed }),
      );

      // The hub is issued and started at the office; its first mirror carries the code's hash.
      const issued = await json<CreateHubResponse>(
        await fetch(`${url}/api/hubs`, {
          method: 'POST',
          headers: authed,
          body: JSON.stringify({ kecamatanCode: '34.02.01', name: 'Kantor Srandakan' }),
        }),
      );
      const started = await startServer({
        env: {
          LENTERA_HUB_UPSTREAM: uplink.url,
          LENTERA_HUB_CREDENTIAL: issued.credential,
          LENTERA_HUB_APP_ORIGINS: url,
          LENTERA_HUB_MAX_BACKOFF_MS: '2000',
        },
      });
      hub = started;
      await expect.poll(async () => (await hubStatus(started)).hubId, { timeout: 60_000 }).toBe(issued.hubId);
      const catalog = await json<Array<{ id: string }>>(
        await fetch(`${url}/api/courses`, { headers: { Authorization: `Bearer ${admin.token}` } }),
      );
      await expect
        .poll(async () => (await hubStatus(started)).coursesMirrored, { timeout: 120_000, interval: 500 })
        .toBe(catalog.length);

      // The phone has opened the app once with a signal (it is installed; the sign-in screen pinned
      // the publishers' keys, which a course from the hub is checked against), never signed in.
      const { page, context } = phone;
      await page.goto(`${url}/masuk`);
      // The first install precaches the whole shell: on a loaded machine that takes a while.
      await waitForServiceWorker(page, 120_000);
      await expect
        .poll(async () => (await readIndexedDB(page, 'lentera', 'coursePublishers')).length, { timeout: 30_000 })
        .toBeGreaterThan(0);

      // The office: the uplink is cut and the phone has no internet, only the office Wi-Fi.
      setUplink('down');
      await context.route(`${url}/api/**`, refuse);

      // The operator's hub page shows the address as a QR and as text; the learner scans it.
      await operator.page.goto(`${started.url}/hub`);
      const link = (await operator.page.getByTestId('address').textContent())!.trim();
      expect(link).toContain(`id=${issued.hubId}`);
      await page.goto(`${url}/pengaturan`);
      await page.locator('#hub-address').fill(link);
      await page.getByRole('button', { name: 'Periksa dan simpan' }).click();
      await expect
        .poll(() => page.getByTestId('hub-current').textContent(), { timeout: 30_000 })
        .toContain('Hub kantor: Srandakan (34.02.01)');

      // Signs in with the code (the QR on her sheet opens the sign-in screen with it filled in).
      const enrolments: string[] = [];
      page.on('request', (r) => {
        if (r.url().endsWith('/api/auth/enrol')) enrolments.push(r.url());
      });
      await page.goto(`${url}/masuk?kode=${code}`);
      await page.locator('form button[type="submit"]').click();
      await createPin(page, '1357');
      expect(enrolments).toEqual([`${started.url}/api/auth/enrol`]);
      // The hub took the key with the code: the phone signs with it from now on.
      const keys = await readIndexedDB<{ learnerId: string; publicKey: string; registeredAt?: number }>(
        page,
        'lentera',
        'deviceKeys',
      );
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatchObject({ learnerId: account.id });
      expect(keys[0]!.registeredAt).toBeGreaterThan(0);
      const publicKey = keys[0]!.publicKey;

      // The course comes from the hub; the finished quiz is held there at once.
      await downloadPretestCourse(page, url);
      await finishPretest(page, url);
      const pending = (await outboxOf(page)).filter((r) => r.state === 'pending');
      expect(pending.length).toBeGreaterThan(0);
      await syncNow(page, url);
      await expect
        .poll(async () => (await outboxOf(page)).filter((r) => r.lastError === 'held').length, { timeout: 60_000 })
        .toBe(pending.length);
      expect((await hubStatus(started)).waitingBundles).toBeGreaterThanOrEqual(1);

      // The uplink comes back: the enrolment goes up first (with the key), then the bundle.
      setUplink('up');
      await expect
        .poll(async () => (await hubStatus(started)).waitingBundles, { timeout: 120_000, interval: 500 })
        .toBe(0);
      const forwarded = uplink.log.filter((l) => l.fault === 'pass').map((l) => l.path);
      const enrolledAt = forwarded.indexOf('/api/hub/enrolments');
      expect(enrolledAt).toBeGreaterThanOrEqual(0);
      expect(forwarded.indexOf('/api/hub/bundles', enrolledAt)).toBeGreaterThan(enrolledAt);

      // Home: no hub in reach, the national server directly. Confirmed without sending them again.
      await context.unroute(`${url}/api/**`, refuse);
      await context.route(`${started.url}/**`, refuse);
      const pushes: string[] = [];
      page.on('request', (r) => {
        if (r.url().startsWith(`${url}/api/sync/push`)) pushes.push(r.url());
      });
      await expect
        .poll(
          async () => {
            if (!(await outboxOf(page)).every((r) => r.state === 'synced')) await syncNow(page, url);
            return (await outboxOf(page)).every((r) => r.state === 'synced');
          },
          { timeout: 90_000, interval: 2_000 },
        )
        .toBe(true);
      expect(await readIndexedDB(page, 'lentera', 'carriedItems')).toEqual([]);
      expect(pushes).toEqual([]);

      // The national server: every item once, carried by the hub, and the phone's one key for her.
      await national.stop();
      const store = servers.databaseUrl
        ? await openStore({ databaseUrl: servers.databaseUrl })
        : await openStore({ dataDir: national.dataDir });
      try {
        const rows = await storedCopies(
          store,
          pending.map((r) => r.id),
        );
        expect(rows.length).toBe(pending.length);
        expect(rows.every((r) => r.n === 1 && r.hub === issued.hubId)).toBe(true);
        const registered = await store.query<{ public_key: string; live: boolean }>(
          `SELECT public_key, (revoked_at IS NULL AND replaced_at IS NULL) AS live FROM device_keys WHERE learner_id = $1`,
          [account.id],
        );
        expect(registered.rows).toEqual([{ public_key: publicKey, live: true }]);
      } finally {
        await store.close();
      }
    },
  );
});
