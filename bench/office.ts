// The kecamatan office: 50 phones push at once to one server, through an emulated office Wi-Fi
// (bench/office-link.ts: one shared 20 Mbit/s link, 10 ms RTT) and, for comparison, over bare
// loopback. Figure: the p99 batch latency under that load divided by the median latency of one
// phone alone on the same path, and the errors seen.
import { randomUUID } from 'node:crypto';
import { createApp } from '../src/server/create-app';
import { testConfig } from '../src/server/config';
import { serveTestApp } from '../tests/server/harness/serve-test-app';
import { learnerWithToken } from '../tests/server/sync-fixtures';
import { batches } from './attempt-items';
import { openBenchStore, type StoreKindName } from './bench-store';
import { startOfficeLink } from './office-link';
import { makePostTestAttempts, seedPostTest } from './posttest-attempts';
import { preparePush, sendPrepared, type PreparedPush } from './push-over-http';
import { median, percentile } from './stats';

export interface OfficePath {
  singleMedianMs: number;
  p99Ms: number;
  p99Ratio: number;
  errors: number;
}

export interface OfficeResult {
  phones: number;
  batchesPerPhone: number;
  batchItems: number;
  link: { mbps: number; rttMs: number } & OfficePath;
  loopback: OfficePath;
}

const PHONES = 50;
const BATCH_ITEMS = 50;
const LINK = { mbps: 20, rttMs: 10 };

/**
 * Each phone syncs `attemptsPerPhone` post-test attempts in batches of 50 items, sequentially, all
 * phones at once: first over loopback, then (fresh learners) through the office link.
 */
export async function benchOffice(kind: StoreKindName, attemptsPerPhone: number): Promise<OfficeResult> {
  const { store, drop } = await openBenchStore(kind);
  try {
    await seedPostTest(store);
    /** Five solo phones (their own learners) after the 50 of the busy office. */
    const makePhones = async (path: string) => {
      const phones: PreparedPush[][] = [];
      for (let i = 0; i < PHONES + 5; i++) {
        const l = await learnerWithToken(store, `office-${path}-${i}-${randomUUID()}`);
        phones.push(
          batches(makePostTestAttempts(l.id, attemptsPerPhone), BATCH_ITEMS).map((b) =>
            preparePush(l.token, l.deviceId, b),
          ),
        );
      }
      return phones;
    };
    const server = await serveTestApp(createApp(store, testConfig()));
    const link = await startOfficeLink(server.url, LINK.mbps, LINK.rttMs);
    try {
      const loopbackPhones = await makePhones('loopback');
      const loopback = await measurePath(server.url, loopbackPhones);
      const linked = await measurePath(link.url, await makePhones('link'));
      return {
        phones: PHONES,
        batchesPerPhone: loopbackPhones[0]!.length,
        batchItems: BATCH_ITEMS,
        link: { ...LINK, ...linked },
        loopback,
      };
    } finally {
      await link.close();
      await server.close();
    }
  } finally {
    await drop();
  }
}

/** Five phones alone (the baseline), then 50 at once, all reaching the server at `url`. */
async function measurePath(url: string, phones: PreparedPush[][]): Promise<OfficePath> {
  const solo: number[] = [];
  for (const phone of phones.slice(PHONES)) solo.push(...(await syncPhone(url, phone)).latencies);
  const busy = await Promise.all(phones.slice(0, PHONES).map((phone) => syncPhone(url, phone)));
  const singleMedianMs = median(solo);
  const p99Ms = percentile(
    busy.flatMap((b) => b.latencies),
    99,
  );
  return {
    singleMedianMs: Math.round(singleMedianMs * 10) / 10,
    p99Ms: Math.round(p99Ms),
    p99Ratio: Math.round((p99Ms / singleMedianMs) * 100) / 100,
    errors: busy.reduce((sum, b) => sum + b.errors, 0),
  };
}

/** One phone's batches, one after another (as the engine sends them); an error is any non-accepted item or failed request. */
async function syncPhone(url: string, pushes: PreparedPush[]): Promise<{ latencies: number[]; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  for (const push of pushes) {
    const start = performance.now();
    try {
      const counts = await sendPrepared(url, push);
      errors += push.count - (counts.accepted ?? 0);
    } catch {
      errors += 1;
    }
    latencies.push(performance.now() - start);
  }
  return { latencies, errors };
}
