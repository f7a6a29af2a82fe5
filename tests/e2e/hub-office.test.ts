import type { BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateHubResponse, HubStatus } from '../../src/server/hub/hub-protocol';
import { openStore } from '../../src/server/store/open-store';
import {
  downloadPretestCourse,
  finishPretest,
  outboxOf,
  pretestAttempt,
  signInWithPin,
  storedCopies,
  waitForDeviceKey,
} from './fixtures/pretest-journey';
import {
  chromiumAvailable,
  closeAllCdp,
  launchBrowser,
  readIndexedDB,
  startServer,
  type BrowserHandle,
  type ServerHandle,
} from './harness';
import { startNationalWithUplink, type NationalWithUplink } from './harness/hub-servers';
import { E2E_ADMIN_PASSWORD } from '../server/harness/pglite-template';

// The kecamatan hub from the phone's side (docs/hub.md, "Di ponsel"): two real servers — the
// national one on PostgreSQL, a hub on PGlite whose uplink goes through the fault proxy — and five
// phones (the two seeded learners of Srandakan and three more) in real Chromium. The phones set the hub in
// Settings, and with the uplink cut and no internet of their own sync their finished pre-tests to
// the hub, cross-origin; the hub is SIGKILLed between the two phones and restarted; the uplink
// comes back and the hub forwards. The phones download the course from the hub with the uplink cut
// (the hub fetched each of its files across the uplink once), see their server grade pulled from the
// hub at the office, and back home confirm their items without sending them again; the national
// server holds every item exactly once, carried by the hub.

const STATIC_DIR = process.env.LENTERA_STATIC_DIR;
/** One learner per phone, all in Srandakan (34.02.01): the two seeded ones and three made by the admin. */
const LEARNERS = ['siti', 'budi', 'rina', 'agus', 'dewi'];

const json = async <T>(res: Response): Promise<T> => {
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};
const hubStatus = async (hub: ServerHandle) => json<HubStatus>(await fetch(`${hub.url}/api/hub/status`));
const refuse = (route: Route) => route.abort('internetdisconnected');

/** At home: signed in, key registered, the catalog's publisher keys pinned (no course downloaded). */
async function preparePhone(phone: BrowserHandle, url: string, username: string): Promise<void> {
  const { page } = phone;
  await signInWithPin(page, url, username);
  await waitForDeviceKey(page);
  await page.goto(`${url}/katalog`);
  await expect.poll(async () => (await readIndexedDB(page, 'lentera', 'coursePublishers')).length).toBeGreaterThan(0);
}

/**
 * The office's hub set in Settings → "Hub kantor" from the link its operator page shows under the QR
 * (with the hub's key fingerprint: the phones prepared at home before the hub existed, so no pull
 * named its key); it answers with its kecamatan, signed by that key.
 */
async function setHub(page: Page, url: string, hub: ServerHandle): Promise<void> {
  const html = await (await fetch(`${hub.url}/hub`)).text();
  const link = /data-testid="address">([^<]+)</.exec(html)![1]!.replace(/&amp;/g, '&');
  await page.goto(`${url}/pengaturan`);
  await page.locator('#hub-address').fill(link);
  await page.getByRole('button', { name: 'Periksa dan simpan' }).click();
  await expect.poll(() => page.getByTestId('hub-current').textContent()).toContain('Hub kantor: Srandakan (34.02.01)');
}

async function syncNow(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('sync-now').click();
}

describe.skipIf(!chromiumAvailable())('the kecamatan hub at the office, from the phones', () => {
  let servers: NationalWithUplink;
  let hub: ServerHandle | undefined;
  let phones: BrowserHandle[] = [];

  beforeAll(async () => {
    servers = await startNationalWithUplink(STATIC_DIR);
    phones = await Promise.all(LEARNERS.map(() => launchBrowser()));
  });
  afterAll(async () => {
    closeAllCdp();
    await Promise.all(phones.map((p) => p.close()));
    await hub?.stop();
    await servers?.stop();
  });

  it(
    'uplink cut: five phones download the course from the hub and sync to it (held), the hub SIGKILLed between them; uplink back: every item stored once, carried by the hub, each file across the uplink once, grades shown at the office; at home confirmed without resending',
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
      for (const username of LEARNERS.slice(2)) {
        await json(
          await fetch(`${url}/api/users`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${admin.token}` },
            body: JSON.stringify({ username, name: username, desaCode: '34.02.01.2001', password: 'lentera-demo' }),
          }),
        );
      }
      // At home, with a signal: signed in (the hub mirrors these sessions), publisher keys pinned.
      // Five separate phones, so side by side: each waits mostly on its own server round trips.
      await Promise.all(phones.map((phone, i) => preparePhone(phone, url, LEARNERS[i]!)));

      // An admin issues the hub; the operator starts it at the office and it mirrors its learners once.
      const issued = await json<CreateHubResponse>(
        await fetch(`${url}/api/hubs`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${admin.token}` },
          body: JSON.stringify({ kecamatanCode: '34.02.01', name: 'Kantor Srandakan' }),
        }),
      );
      const started = await startServer({
        env: {
          LENTERA_HUB_UPSTREAM: uplink.url,
          LENTERA_HUB_CREDENTIAL: issued.credential,
          LENTERA_HUB_APP_ORIGINS: url,
          // Back on the uplink within 2 s of a failure, not a random wait of up to 5 minutes.
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
      const courseFileFetches = () => uplink.log.filter((l) => l.path.startsWith('/api/hub/course-files/'));
      const mirrored = courseFileFetches().map((l) => l.path);
      expect(mirrored.length).toBeGreaterThan(0);
      expect(new Set(mirrored).size).toBe(mirrored.length); // each file across the uplink once

      // The office: the uplink is cut, and the phones have no internet either — only the office Wi-Fi.
      setUplink('down');
      const offline = async (context: BrowserContext) => context.route(`${url}/api/**`, refuse);
      for (const phone of phones) await offline(phone.context);

      const sent: string[] = [];
      for (const [i, phone] of phones.entries()) {
        const { page } = phone;
        await setHub(page, url, started);
        // At the office: the catalog and the course's files come from the hub.
        await downloadPretestCourse(page, url);
        await finishPretest(page, url);
        const pending = (await outboxOf(page)).filter((r) => r.state === 'pending');
        await syncNow(page, url);
        await expect
          .poll(async () => (await outboxOf(page)).filter((r) => r.lastError === 'held').length, { timeout: 60_000 })
          .toBe(pending.length);
        sent.push(...pending.map((r) => r.id));
        expect((await readIndexedDB<{ fileName: string }>(page, 'lentera', 'carriedItems')).length).toBe(
          pending.length,
        );
        await page.goto(`${url}/pengaturan`);
        await expect
          .poll(() => page.getByTestId('hub-held').textContent())
          .toBe(`${pending.length} catatan disimpan di hub kantor, menunggu dikirim ke server pusat.`);
        if (i === Math.floor(phones.length / 2) - 1) {
          // Halfway: the hub's laptop loses power (SIGKILL) and is started again.
          await started.kill();
          await started.restart();
          expect((await hubStatus(started)).waitingBundles).toBeGreaterThanOrEqual(1);
        }
      }
      const waiting = (await hubStatus(started)).waitingBundles ?? 0;
      expect(waiting).toBeGreaterThanOrEqual(phones.length);
      // Five phones downloaded the course, and not one more byte of it crossed the uplink.
      expect(
        courseFileFetches()
          .filter((l) => l.fault === 'pass')
          .map((l) => l.path),
      ).toEqual(mirrored);

      // The uplink comes back: the hub forwards everything it holds.
      setUplink('up');
      await expect
        .poll(async () => (await hubStatus(started)).waitingBundles, { timeout: 120_000, interval: 500 })
        .toBe(0);

      // Still at the office: the hub has brought each phone's grade back from the national server.
      // From here on the phones no longer depend on each other's order: each is checked side by side.
      await Promise.all(
        phones.map(({ page }) =>
          expect
            .poll(
              async () => {
                if ((await pretestAttempt(page))?.gradeStatus !== 'graded') await syncNow(page, url);
                return (await pretestAttempt(page))?.gradeStatus;
              },
              { timeout: 90_000, interval: 2_000 },
            )
            .toBe('graded'),
        ),
      );

      // Home again: no hub in reach, the national server directly. Nothing is sent twice.
      const goHome = async (phone: BrowserHandle) => {
        const { page, context } = phone;
        await context.unroute(`${url}/api/**`, refuse);
        await context.route(`${started.url}/**`, refuse);
        const pushes: string[] = [];
        page.on('request', (r) => {
          if (r.url().startsWith(`${url}/api/sync/push`)) pushes.push(r.url());
        });
        await syncNow(page, url);
        await expect
          .poll(async () => (await outboxOf(page)).every((r) => r.state === 'synced'), { timeout: 60_000 })
          .toBe(true);
        expect(await readIndexedDB(page, 'lentera', 'carriedItems')).toEqual([]);
        // Confirmed by reconcile: the hub already brought them, the phone sends none of them again.
        expect(pushes).toEqual([]);
      };
      await Promise.all(phones.map(goHome));

      // The national server holds every item exactly once, each carried by the hub.
      await national.stop();
      const store = servers.databaseUrl
        ? await openStore({ databaseUrl: servers.databaseUrl })
        : await openStore({ dataDir: national.dataDir });
      try {
        const rows = await storedCopies(store, sent);
        expect(rows.length).toBe(sent.length);
        expect(rows.every((r) => r.n === 1 && r.hub === issued.hubId)).toBe(true);
      } finally {
        await store.close();
      }
    },
  );
});
