// The kecamatan office: 50 phones push at once over loopback to one server. Figure: the p99 batch
// latency under that load divided by the median latency of one phone alone, and the errors seen.
import { randomUUID } from 'node:crypto';
import { createApp } from '../src/server/create-app';
import { testConfig } from '../src/server/config';
import { serveTestApp } from '../tests/server/harness/serve-test-app';
import { learnerWithToken } from '../tests/server/sync-fixtures';
import { batches } from './attempt-items';
import { openBenchStore, type StoreKindName } from './bench-store';
import { preparePush, sendPrepared, type PreparedPush } from './push-over-http';
import { makePostTestAttempts, seedPostTest } from './posttest-attempts';
import { median, percentile } from './stats';

export interface OfficeResult {
  phones: number;
  batchesPerPhone: number;
  batchItems: number;
  singleMedianMs: number;
  p99Ms: number;
  p99Ratio: number;
  errors: number;
}

const PHONES = 50;
const BATCH_ITEMS = 50;

/** Each phone syncs `attemptsPerPhone` post-test attempts in batches of 50 items, sequentially, all phones at once. */
export async function benchOffice(kind: StoreKindName, attemptsPerPhone: number): Promise<OfficeResult> {
  const { store, drop } = await openBenchStore(kind);
  try {
    await seedPostTest(store);
    const phones: PreparedPush[][] = [];
    // Solo phones first (their own learners), then the 50 of the busy office.
    for (let i = 0; i < PHONES + 5; i++) {
      const l = await learnerWithToken(store, `office-${i}-${randomUUID()}`);
      phones.push(
        batches(makePostTestAttempts(l.id, attemptsPerPhone), BATCH_ITEMS).map((b) =>
          preparePush(l.token, l.deviceId, b),
        ),
      );
    }
    const server = await serveTestApp(createApp(store, testConfig()));
    try {
      const solo: number[] = [];
      for (const phone of phones.slice(PHONES)) solo.push(...(await syncPhone(server.url, phone)).latencies);
      const busy = await Promise.all(phones.slice(0, PHONES).map((phone) => syncPhone(server.url, phone)));
      const latencies = busy.flatMap((b) => b.latencies);
      const singleMedianMs = median(solo);
      const p99Ms = percentile(latencies, 99);
      return {
        phones: PHONES,
        batchesPerPhone: phones[0]!.length,
        batchItems: BATCH_ITEMS,
        singleMedianMs: Math.round(singleMedianMs * 10) / 10,
        p99Ms: Math.round(p99Ms),
        p99Ratio: Math.round((p99Ms / singleMedianMs) * 100) / 100,
        errors: busy.reduce((sum, b) => sum + b.errors, 0),
      };
    } finally {
      await server.close();
    }
  } finally {
    await drop();
  }
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
