// Figures measured inside Chromium on the bench page (bench/page): answer saving through the app's
// recordAnswer vs a bare strict Dexie put (CPU 4×), and a slow-2G sync of post-test attempts through the real engine.
import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { createApp } from '../src/server/create-app';
import { testConfig } from '../src/server/config';
import type { OutboxRow } from '../src/db/learning-records';
import { SLOW_2G, closeAllCdp, launchBrowser, throttleCpu, throttleNetwork } from '../tests/e2e/harness';
import { serveTestApp } from '../tests/server/harness/serve-test-app';
import { learnerWithToken } from '../tests/server/sync-fixtures';
import { openBenchStore } from './bench-store';
import { buildWithVite } from './build-with-vite';
import { startByteCounter } from './byte-counting-proxy';
import { seedPostTest } from './posttest-attempts';
import { outboxRows } from './sync-wire';

export interface PageResult {
  answerSaveMs: number[];
  barePutMs: number[];
  slow2g: { attempts: number; ms: number; requests: number; bytesUp: number; bytesDown: number; boundMs: number };
}

interface BenchApi {
  answerSave: (n: number) => Promise<number[]>;
  barePut: (n: number) => Promise<number[]>;
  sync: (p: { id: string; token: string }, rows: OutboxRow[]) => Promise<{ ms: number; requests: number }>;
}
type BenchWindow = { lenteraBench: BenchApi };

/** Runs both page benchmarks against an in-process PGlite server reached through a byte-counting relay. */
export async function benchPage(saves: number, syncAttempts: number): Promise<PageResult> {
  const dir = await buildWithVite('page', 'bench/page/vite.config.ts');
  const { store, drop } = await openBenchStore('pglite');
  await seedPostTest(store);
  const learner = await learnerWithToken(store, 'slow2g');
  const server = await serveTestApp(createApp(store, testConfig({ staticDir: dir })));
  const relay = await startByteCounter(server.url);
  const browser = await launchBrowser();
  try {
    const { page } = browser;
    await page.goto(relay.url);
    await page.waitForFunction(() => document.body.dataset.ready === '1');
    const { answerSaveMs, barePutMs } = await timeSaves(page, saves);

    await throttleCpu(page, 1);
    await throttleNetwork(page, browser.profileDir, SLOW_2G);
    relay.reset();
    const rows = outboxRows(learner.id, syncAttempts);
    const run = await page.evaluate(([p, r]) => (window as unknown as BenchWindow).lenteraBench.sync(p, r), [
      { id: learner.id, token: learner.token },
      rows,
    ] as const);
    const bytes = relay.bytes.up + relay.bytes.down;
    // The least any client could take on this link: every byte at 50 kbps plus one RTT per request.
    const boundMs = (bytes * 8 * 1000) / (SLOW_2G.downKbps * 1000) + run.requests * SLOW_2G.rttMs;
    return {
      answerSaveMs,
      barePutMs,
      slow2g: { attempts: syncAttempts, ...run, bytesUp: relay.bytes.up, bytesDown: relay.bytes.down, boundMs },
    };
  } finally {
    closeAllCdp();
    await browser.close();
    rmSync(browser.profileDir, { recursive: true, force: true });
    await relay.close();
    await server.close();
    await drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const ROUND = 10;

/** Interleaves app saves and bare puts in rounds of 10, so a burst of load from another process on this shared machine hits both alike. */
async function timeSaves(page: Page, n: number): Promise<{ answerSaveMs: number[]; barePutMs: number[] }> {
  await throttleCpu(page, 4);
  const answerSaveMs: number[] = [];
  const barePutMs: number[] = [];
  for (let done = 0; done < n; done += ROUND) {
    const k = Math.min(ROUND, n - done);
    barePutMs.push(...(await page.evaluate((k) => (window as unknown as BenchWindow).lenteraBench.barePut(k), k)));
    answerSaveMs.push(
      ...(await page.evaluate((k) => (window as unknown as BenchWindow).lenteraBench.answerSave(k), k)),
    );
  }
  return { answerSaveMs, barePutMs };
}
