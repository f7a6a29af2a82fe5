import type { BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateHubResponse, HubStatus } from '../../src/server/hub/hub-protocol';
import { openStore } from '../../src/server/store/open-store';
import { createPin } from './fixtures/learner-profile';
import { openFromOutline, questionPosition, saveAnswer } from './fixtures/quiz-steps';
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

// The kecamatan hub from the phone's side (docs/hub.md, "Di ponsel"): two real servers — the
// national one on PostgreSQL, a hub on PGlite whose uplink goes through the fault proxy — and five
// phones (the two seeded learners of Srandakan and three more) in real Chromium. The phones set the hub in
// Settings, and with the uplink cut and no internet of their own sync their finished pre-tests to
// the hub, cross-origin; the hub is SIGKILLed between the two phones and restarted; the uplink
// comes back and the hub forwards. The phones download the course from the hub with the uplink cut
// (the hub fetched each of its files across the uplink once), see their server grade pulled from the
// hub at the office, and back home confirm their items without sending them again; the national
// server holds every item exactly once, carried by the hub.

const COURSE = 'pengelolaan-keuangan-desa';
const STATIC_DIR = process.env.LENTERA_STATIC_DIR;
/** One learner per phone, all in Srandakan (34.02.01): the two seeded ones and three made by the admin. */
const LEARNERS = ['siti', 'budi', 'rina', 'agus', 'dewi'];

interface OutboxRow {
  id: string;
  state: string;
  lastError?: string;
}
interface AttemptRow {
  quizId: string;
  gradeStatus: string;
}

const json = async <T>(res: Response): Promise<T> => {
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};
const hubStatus = async (hub: ServerHandle) => json<HubStatus>(await fetch(`${hub.url}/api/hub/status`));
const refuse = (route: Route) => route.abort('internetdisconnected');

async function signIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(`${url}/masuk`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill('lentera-demo');
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL(`${url}/`);
}

/** Answers the visible question with its first option (or a number/text) and saves it. */
async function answerCurrent(page: Page): Promise<void> {
  const form = page.locator('form.quiz');
  if ((await form.locator('input[type=radio]').count()) > 0) await form.locator('input[type=radio]').first().check();
  else if ((await form.locator('input[type=checkbox]').count()) > 0) {
    await form.locator('input[type=checkbox]').first().check();
  } else if ((await form.locator('select').count()) > 0) {
    for (const select of await form.locator('select').all()) await select.selectOption({ index: 1 });
  } else await form.locator('input').first().fill('1');
  await saveAnswer(page);
}

/** At home: signed in, key registered, the catalog's publisher keys pinned (no course downloaded). */
async function preparePhone(phone: BrowserHandle, url: string, username: string): Promise<void> {
  const { page } = phone;
  await signIn(page, url, username);
  await waitForServiceWorker(page);
  await createPin(page, '2468');
  await expect
    .poll(async () => (await readIndexedDB<{ registeredAt?: number }>(page, 'lentera', 'deviceKeys'))[0]?.registeredAt)
    .toBeGreaterThan(0);
  await page.goto(`${url}/katalog`);
  await expect.poll(async () => (await readIndexedDB(page, 'lentera', 'coursePublishers')).length).toBeGreaterThan(0);
}

/** At the office: the catalog and the course's files come from the hub. */
async function downloadCourse(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/katalog`);
  const item = page.locator(`li[data-course="${COURSE}"]`);
  await item.getByRole('button', { name: 'Unduh' }).click();
  await expect.poll(() => item.textContent(), { timeout: 90_000 }).toContain('Terpasang');
}

/** The office's hub typed into Settings → "Hub kantor"; it answers with its kecamatan. */
async function setHub(page: Page, url: string, hub: ServerHandle): Promise<void> {
  await page.goto(`${url}/pengaturan`);
  await page.locator('#hub-address').fill(hub.url.replace(/^http:\/\//, ''));
  await page.getByRole('button', { name: 'Periksa dan simpan' }).click();
  await expect.poll(() => page.getByTestId('hub-current').textContent()).toContain('Hub kantor: Srandakan (34.02.01)');
}

/** The pre-test, finished: "menunggu penilaian" until the national server grades it. Returns the result's address. */
async function finishPretest(page: Page, url: string): Promise<string> {
  await page.goto(url);
  await openFromOutline(page, 'Pengelolaan Keuangan Desa', 'Pre-test');
  await page.getByRole('button', { name: 'Mulai' }).click();
  const total = Number(/dari (\d+)/.exec((await questionPosition(page).textContent()) ?? '')?.[1]);
  for (let i = 1; i <= total; i++) {
    await expect.poll(() => questionPosition(page).textContent()).toBe(`Soal ${i} dari ${total}`);
    await answerCurrent(page);
  }
  await page.getByRole('button', { name: 'Selesai' }).click();
  await page.getByRole('button', { name: 'Ya, akhiri ujian' }).click();
  await expect.poll(() => page.getByTestId('result-status').textContent()).toContain('Menunggu penilaian');
  return page.url();
}

const outbox = (page: Page) => readIndexedDB<OutboxRow>(page, 'lentera', 'outbox');

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
          body: JSON.stringify({ username: 'admin', password: 'admin-e2e-password' }),
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
      for (const [i, phone] of phones.entries()) await preparePhone(phone, url, LEARNERS[i]!);

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
        await downloadCourse(page, url);
        await finishPretest(page, url);
        const pending = (await outbox(page)).filter((r) => r.state === 'pending');
        await syncNow(page, url);
        await expect
          .poll(async () => (await outbox(page)).filter((r) => r.lastError === 'held').length, { timeout: 60_000 })
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
      for (const { page } of phones) {
        const attempt = async () =>
          (await readIndexedDB<AttemptRow>(page, 'lentera', 'attempts')).find((a) => a.quizId === 'pretest');
        await expect
          .poll(
            async () => {
              if ((await attempt())?.gradeStatus !== 'graded') await syncNow(page, url);
              return (await attempt())?.gradeStatus;
            },
            { timeout: 90_000, interval: 2_000 },
          )
          .toBe('graded');
      }

      // Home again: no hub in reach, the national server directly. Nothing is sent twice.
      for (const phone of phones) {
        const { page, context } = phone;
        await context.unroute(`${url}/api/**`, refuse);
        await context.route(`${started.url}/**`, refuse);
        const pushes: string[] = [];
        page.on('request', (r) => {
          if (r.url().startsWith(`${url}/api/sync/push`)) pushes.push(r.url());
        });
        await syncNow(page, url);
        await expect
          .poll(async () => (await outbox(page)).every((r) => r.state === 'synced'), { timeout: 60_000 })
          .toBe(true);
        expect(await readIndexedDB(page, 'lentera', 'carriedItems')).toEqual([]);
        // Confirmed by reconcile: the hub already brought them, the phone sends none of them again.
        expect(pushes).toEqual([]);
      }

      // The national server holds every item exactly once, each carried by the hub.
      await national.stop();
      const store = servers.databaseUrl
        ? await openStore({ databaseUrl: servers.databaseUrl })
        : await openStore({ dataDir: national.dataDir });
      try {
        const { rows } = await store.query<{ id: string; n: number; hub: string | null }>(
          `SELECT id::text AS id, count(*)::int AS n, min(carried_by_hub::text) AS hub FROM sync_items
          WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::text::jsonb)) GROUP BY id`,
          [JSON.stringify(sent)],
        );
        expect(rows.length).toBe(sent.length);
        expect(rows.every((r) => r.n === 1 && r.hub === issued.hubId)).toBe(true);
      } finally {
        await store.close();
      }
    },
  );
});
