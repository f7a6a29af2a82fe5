// `npm run bench [-- --quick] [-- --only=<section>]`: measures every figure of docs/benchmarks.md, prints a table and writes
// bench/results/latest.json. Each figure is measured here and now; one that fails is left absent
// with its reason. Method and targets: docs/benchmarks.md.
import { rmSync } from 'node:fs';
import { closeAllCdp, chromiumAvailable } from '../tests/e2e/harness';
import {
  CERTIFICATE_PDF,
  MONITORING,
  QR_DECODER,
  STAFF_CATALOGUE,
  measureAuthoringChunk,
  measureScreenChunks,
} from './authoring-chunk';
import { postgresReachable } from './bench-store';
import { buildWithVite } from './build-with-vite';
import { benchCourse } from './course-figures';
import { benchCourseServingMemory } from './course-serving-memory';
import { ONE_QUESTION_UNIT, POSTTEST_UNIT, benchIngest } from './ingest';
import { benchLighthouse } from './lighthouse-figure';
import { machine, versions } from './machine-info';
import { HUB_KEYS, benchHub, hubFigures } from './hub-office';
import { benchOffice } from './office';
import { benchPage } from './page-figures';
import { benchPeer, type PeerComparison } from './peer-figures';
import { PHONE_VIDEO_KEYS, benchPhoneVideo, phoneVideoFigures } from './phone-video';
import { formatTable } from './print-table';
import { benchReport } from './report-figure';
import { benchIngestProcesses, benchScale } from './scale';
import { writeResults, type BenchRun } from './results-file';
import { benchAppShell, benchFloorShell } from './shell-figures';
import { median, percentile, round } from './stats';
import { benchSyncWire } from './sync-wire';

const quick = process.argv.includes('--quick');
/** `--scale`: also seed a year at a tenth of national volume and measure at that size (docs/scale.md). */
const scale = process.argv.includes('--scale');
/** `--only=<text>`: run only the sections whose name contains it (e.g. `--only=hub`); the others are absent. */
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
// Attempts are post-tests (12 answers + the attempt) unless named one-question (`_1q` keys).
const size = quick
  ? {
      ingest: 1_000,
      ingest1q: 4_000,
      peer: { small: 500, large: 2_500 },
      officeAttempts: 8,
      slow2gAttempts: 40,
      relaunchRuns: 5,
      saves: 200,
      report: 'quick seed (a tenth of seed:large)',
    }
  : {
      ingest: 4_000,
      ingest1q: 20_000,
      peer: { small: 2_000, large: 10_000 },
      officeAttempts: 20,
      slow2gAttempts: 40,
      relaunchRuns: 9,
      saves: 400,
      report: 'npm run seed:large',
    };

const run: BenchRun = {
  mode: quick ? 'quick' : 'full',
  figures: {},
  absent: {},
  details: {},
  machine: machine(),
  versions: await versions(),
  date: new Date().toISOString(),
};
const began = performance.now();

/** Runs one section; on failure its keys become absent with the error as the reason. */
async function section(name: string, keys: string[], body: () => Promise<void>, skip?: string): Promise<void> {
  const start = performance.now();
  if (only !== undefined && !name.includes(only)) skip = `not selected (--only=${only})`;
  if (skip) {
    for (const k of keys) run.absent[k] = skip;
    console.log(`[bench] ${name}: skipped (${skip})`);
    return;
  }
  try {
    await body();
    console.log(`[bench] ${name}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  } catch (err) {
    const why = `${name} failed: ${(err as Error).message.split('\n')[0]}`;
    console.error(`[bench] ${why}`);
    for (const k of keys) if (!(k in run.figures)) run.absent[k] = why;
  } finally {
    closeAllCdp();
  }
}

const pg = await postgresReachable();
const noPg = pg === true ? undefined : pg;
const noChromium = chromiumAvailable() ? undefined : 'Chromium not found (set CHROMIUM_PATH)';
const f = run.figures;

for (const kind of ['postgres', 'pglite'] as const) {
  const keys = [
    `ingest_http_per_s_${kind}`,
    `ingest_raw_per_s_${kind}`,
    `ingest_ratio_${kind}`,
    `replay_http_per_s_${kind}`,
  ];
  await section(
    `ingest ${kind}`,
    keys,
    async () => {
      const r = await benchIngest(kind, size.ingest, POSTTEST_UNIT);
      f[keys[0]!] = r.httpPerS;
      f[keys[1]!] = r.rawPerS;
      f[keys[2]!] = round(r.httpPerS / r.rawPerS, 3);
      f[keys[3]!] = r.replayPerS;
      run.details[`ingest_${kind}`] = { ...r, unit: 'post-test attempts/s (12 answer items + the attempt item)' };
    },
    kind === 'postgres' ? noPg : undefined,
  );
}

{
  const keys = [
    'ingest_http_per_s_postgres_1q',
    'ingest_raw_per_s_postgres_1q',
    'ingest_ratio_postgres_1q',
    'replay_http_per_s_postgres_1q',
  ];
  await section(
    'ingest postgres, one-question attempts',
    keys,
    async () => {
      const r = await benchIngest('postgres', size.ingest1q, ONE_QUESTION_UNIT);
      f[keys[0]!] = r.httpPerS;
      f[keys[1]!] = r.rawPerS;
      f[keys[2]!] = round(r.httpPerS / r.rawPerS, 3);
      f[keys[3]!] = r.replayPerS;
      run.details.ingest_postgres_1q = { ...r, unit: 'one-question attempts/s (1 answer item + the attempt item)' };
    },
    noPg,
  );
}

{
  const sides = ['small', 'large'] as const;
  const keys = sides.flatMap((n) => [
    `push_per_s_${n}`,
    `peer_push_per_s_${n}`,
    `push_vs_peer_${n}`,
    `replay_per_s_${n}`,
    `peer_replay_per_s_${n}`,
    `replay_vs_peer_${n}`,
  ]);
  keys.push(
    'push_rate_large_vs_small',
    'push_bytes_per_attempt',
    'peer_push_bytes_per_attempt',
    'push_bytes_vs_peer',
    'push_requests_1000',
    'peer_push_requests_1000',
    'push_requests_vs_peer',
  );
  await section(
    'push and replay beside the PouchDB peer',
    keys,
    async () => {
      const perS = (n: number, ms: number) => Math.round(n / (ms / 1000));
      const results: Partial<Record<(typeof sides)[number], PeerComparison>> = {};
      for (const side of sides) {
        const r = await benchPeer(size.peer[side], 'postgres');
        results[side] = r;
        f[`push_per_s_${side}`] = perS(r.attempts, r.lentera.push.ms);
        f[`peer_push_per_s_${side}`] = perS(r.attempts, r.peer.push.ms);
        f[`push_vs_peer_${side}`] = round(r.peer.push.ms / r.lentera.push.ms, 2);
        f[`replay_per_s_${side}`] = perS(r.attempts, r.lentera.replay.ms);
        f[`peer_replay_per_s_${side}`] = perS(r.attempts, r.peer.replay.ms);
        f[`replay_vs_peer_${side}`] = round(r.peer.replay.ms / r.lentera.replay.ms, 2);
      }
      f.push_rate_large_vs_small = round(f.push_per_s_large! / f.push_per_s_small!, 2);
      // Bytes and requests of the first push at the small N (both ways, headers included).
      const small = results.small!;
      const bytesPer = (p: { bytesUp: number; bytesDown: number }) =>
        Math.round((p.bytesUp + p.bytesDown) / small.attempts);
      f.push_bytes_per_attempt = bytesPer(small.lentera.push);
      f.peer_push_bytes_per_attempt = bytesPer(small.peer.push);
      f.push_bytes_vs_peer = round(f.push_bytes_per_attempt / f.peer_push_bytes_per_attempt, 3);
      f.push_requests_1000 = round((small.lentera.push.requests * 1000) / small.attempts, 1);
      f.peer_push_requests_1000 = round((small.peer.push.requests * 1000) / small.attempts, 1);
      f.push_requests_vs_peer = round(f.push_requests_1000 / f.peer_push_requests_1000, 2);
      run.details.peer = {
        sizes: size.peer,
        unit: 'post-test attempts (12 answers + the attempt); the peer stores one document per attempt',
        lentera: 'src/sync pushOutbox on Dexie (fake-indexeddb) → the real server on PostgreSQL, one learner',
        peer: 'PouchDB 9 (LevelDB) replicate.to express-pouchdb 4.2 (PouchDB on LevelDB, no fsync, no auth, no grading)',
        ...results,
      };
    },
    noPg,
  );
}

await section(
  'office, 50 phones',
  ['office_50_p99_ratio', 'office_50_errors', 'office_50_p99_ratio_loopback'],
  async () => {
    const r = await benchOffice('postgres', size.officeAttempts);
    f.office_50_p99_ratio = r.link.p99Ratio;
    f.office_50_errors = r.link.errors + r.loopback.errors;
    f.office_50_p99_ratio_loopback = r.loopback.p99Ratio;
    run.details.office_50 = { store: 'postgres', ...r };
  },
  noPg,
);

await section(
  'kecamatan hub',
  HUB_KEYS,
  async () => {
    const r = await benchHub('postgres', size.officeAttempts);
    Object.assign(f, hubFigures(r));
    run.details.hub = r;
  },
  noPg,
);

// Server RSS while ten clients download one 100 MB file (and a 25 MB one) at once (docs/benchmarks.md).
for (const kind of ['pglite', 'postgres'] as const) {
  const keys = [
    `course_serving_rss_growth_mb_${kind}`,
    `course_serving_growth_per_file_${kind}`,
    `course_serving_growth_vs_smaller_${kind}`,
  ];
  await section(
    `course file serving memory ${kind}`,
    keys,
    async () => {
      const r = await benchCourseServingMemory(kind);
      f[keys[0]!] = round(r.large.rssGrowthBytes / 1e6, 1);
      f[keys[1]!] = r.large.growthPerFileSize;
      f[keys[2]!] = r.growthLargeVsSmall;
      run.details[`course_serving_memory_${kind}`] = r;
    },
    kind === 'postgres' ? noPg : undefined,
  );
}

await section('sync wire', ['sync_bytes_per_attempt', 'sync_round_trips_1000'], async () => {
  const r = await benchSyncWire(1000, POSTTEST_UNIT);
  f.sync_bytes_per_attempt = r.bytesPerAttempt;
  f.sync_round_trips_1000 = r.roundTrips;
  run.details.sync_wire = r;
  const q = await benchSyncWire(1000, ONE_QUESTION_UNIT);
  f.sync_bytes_per_attempt_1q = q.bytesPerAttempt;
  f.sync_round_trips_1000_1q = q.roundTrips;
  run.details.sync_wire_1q = q;
});

await section(
  'ingest through 1, 2, 3 server processes',
  ['ingest_procs_1_per_s', 'ingest_procs_2_per_s', 'ingest_procs_3_per_s'],
  async () => {
    const r = await benchIngestProcesses([1, 2, 3], quick ? 6_000 : 12_000);
    for (const x of r) f[`ingest_procs_${x.processes}_per_s`] = x.attemptsPerS;
    run.details.ingest_processes = r;
  },
  noPg,
);

await section(
  'tenth-of-national year',
  ['scale_total_bytes', 'scale_push_small_p95_ms', 'scale_push_full_p95_ms', 'scale_report_ms'],
  async () => {
    const r = await benchScale();
    f.scale_total_bytes = r.totalBytes;
    f.scale_push_small_p95_ms = r.pushSmall.p95Ms;
    f.scale_push_full_p95_ms = r.pushFull.p95Ms;
    f.scale_report_ms = r.report.medianMs;
    run.details.scale = r;
  },
  noPg ?? (scale ? undefined : 'run with --scale (seeds a year at a tenth of national volume, minutes)'),
);

await section(
  'report query',
  ['report_query_ms'],
  async () => {
    const r = await benchReport(!quick);
    f.report_query_ms = r.medianMs;
    run.details.report_query = { dataSet: size.report, ...r };
  },
  noPg,
);

let appDir: string | undefined;
const browserKeys = {
  shell: [
    'first_load_js_gzip_bytes',
    'first_load_total_gzip_bytes',
    'precache_gzip_bytes',
    'first_visit_with_precache_gzip_bytes',
    'offline_relaunch_ms',
  ],
  floor: ['framework_floor_gzip_bytes', 'bare_sw_page_ms'],
  page: [
    'answer_save_p95_ms',
    'bare_put_p95_ms',
    'answer_save_ratio',
    'sync_slow2g_ms',
    'sync_slow2g_bound_ms',
    'sync_slow2g_ratio',
  ],
  course: ['delta_update_ratio', 'refetch_bytes_per_interruption', 'chunk_bytes'],
};
await section(
  'build app',
  [...browserKeys.shell, ...browserKeys.course, 'offline_relaunch_ratio'],
  async () => {
    appDir = await buildWithVite('app');
  },
  noChromium,
);

await section(
  'app shell',
  [...browserKeys.shell, 'offline_relaunch_ratio'],
  async () => {
    const r = await benchAppShell(size.relaunchRuns, appDir!);
    f.first_load_js_gzip_bytes = r.bytes.jsGzip;
    f.first_load_total_gzip_bytes = r.bytes.totalGzip;
    f.first_load_total_wire_bytes = r.bytes.totalWire;
    f.precache_gzip_bytes = r.bytes.precacheGzip;
    f.first_visit_with_precache_gzip_bytes = r.bytes.withPrecacheGzip;
    f.offline_relaunch_ms = round(r.relaunchMedianMs);
    run.details.app_shell = r;
  },
  noChromium ?? (appDir ? undefined : 'the app did not build'),
);

/** The app shell's real first visit (when it ran), checked beside index.html and the precache. */
const firstVisitFiles = () =>
  (run.details.app_shell as { bytes?: { files?: string[] } } | undefined)?.bytes?.files ?? [];

await section(
  'authoring chunk',
  ['authoring_chunk_gzip_bytes', 'authoring_in_learner_first_load'],
  async () => {
    const visit = firstVisitFiles();
    const r = measureAuthoringChunk(appDir!, visit);
    f.authoring_chunk_gzip_bytes = r.gzipBytes;
    f.authoring_in_learner_first_load = r.inLearnerFirstLoad.length;
    run.details.authoring_chunk = r;
  },
  noChromium ?? (appDir ? undefined : 'the app did not build'),
);

await section(
  'monitoring chunks',
  ['monitoring_chunks_gzip_bytes', 'staff_messages_gzip_bytes', 'monitoring_in_learner_first_load'],
  async () => {
    const visit = firstVisitFiles();
    const monitoring = measureScreenChunks(appDir!, MONITORING, visit);
    const catalogue = measureScreenChunks(appDir!, STAFF_CATALOGUE, visit);
    f.monitoring_chunks_gzip_bytes = monitoring.gzipBytes;
    f.staff_messages_gzip_bytes = catalogue.gzipBytes;
    f.monitoring_in_learner_first_load = monitoring.inLearnerFirstLoad.length + catalogue.inLearnerFirstLoad.length;
    run.details.monitoring_chunks = { monitoring, catalogue };
  },
  noChromium ?? (appDir ? undefined : 'the app did not build'),
);

await section(
  'on-demand tools',
  ['certificate_pdf_gzip_bytes', 'qr_decoder_gzip_bytes', 'on_demand_tools_in_learner_first_load'],
  async () => {
    const visit = firstVisitFiles();
    const pdf = measureScreenChunks(appDir!, CERTIFICATE_PDF, visit);
    const qr = measureScreenChunks(appDir!, QR_DECODER, visit);
    f.certificate_pdf_gzip_bytes = pdf.gzipBytes;
    f.qr_decoder_gzip_bytes = qr.gzipBytes;
    f.on_demand_tools_in_learner_first_load = pdf.inLearnerFirstLoad.length + qr.inLearnerFirstLoad.length;
    run.details.on_demand_tools = { pdf, qr };
  },
  noChromium ?? (appDir ? undefined : 'the app did not build'),
);

await section(
  'framework floor',
  [...browserKeys.floor, 'offline_relaunch_ratio'],
  async () => {
    const r = await benchFloorShell(size.relaunchRuns);
    f.framework_floor_gzip_bytes = r.bytes.jsGzip;
    f.framework_floor_total_gzip_bytes = r.bytes.totalGzip;
    f.bare_sw_page_ms = round(r.relaunchMedianMs);
    if (f.offline_relaunch_ms !== undefined)
      f.offline_relaunch_ratio = round(f.offline_relaunch_ms / f.bare_sw_page_ms, 2);
    else run.absent.offline_relaunch_ratio = 'offline_relaunch_ms was not measured';
    run.details.framework_floor = r;
  },
  noChromium,
);

await section(
  'bench page (answer save, slow 2G)',
  browserKeys.page,
  async () => {
    const r = await benchPage(size.saves, size.slow2gAttempts);
    f.answer_save_p95_ms = round(percentile(r.answerSaveMs, 95), 1);
    f.bare_put_p95_ms = round(percentile(r.barePutMs, 95), 1);
    f.answer_save_ratio = round(f.answer_save_p95_ms / f.bare_put_p95_ms, 2);
    f.answer_save_median_ms = round(median(r.answerSaveMs), 1);
    f.bare_put_median_ms = round(median(r.barePutMs), 1);
    f.sync_slow2g_ms = round(r.slow2g.ms);
    f.sync_slow2g_bound_ms = round(r.slow2g.boundMs);
    f.sync_slow2g_ratio = round(r.slow2g.ms / r.slow2g.boundMs, 2);
    run.details.answer_save = { saves: r.answerSaveMs.length, cpuThrottle: 4 };
    run.details.sync_slow2g = r.slow2g;
  },
  noChromium,
);

await section(
  'course download and update',
  browserKeys.course,
  async () => {
    const r = await benchCourse(2, appDir!);
    f.delta_update_ratio = r.deltaRatio;
    f.refetch_bytes_per_interruption = r.refetchPerCut;
    f.chunk_bytes = r.chunkBytes;
    run.details.course = r;
  },
  noChromium ?? (appDir ? undefined : 'the app did not build'),
);

// The phone's JS heap with a 100 MiB video (and a 25 MiB one), and seek-to-play offline at 4× CPU (docs/benchmarks.md).
await section(
  'phone video',
  PHONE_VIDEO_KEYS,
  async () => {
    // Quick: 50 and 25 MiB (half the ratio of sizes), 8 seeks; full: 100 and 25 MiB, 12 seeks.
    const sizes = quick ? { largeMiB: 50, smallMiB: 25, seeks: 8 } : { largeMiB: 100, smallMiB: 25, seeks: 12 };
    const r = await benchPhoneVideo({ ...sizes, appDir });
    Object.assign(f, phoneVideoFigures(r));
    run.details.phone_video = r;
  },
  noChromium,
);

await section(
  'Lighthouse mobile, first visit',
  ['lighthouse_tbt_ms'],
  async () => {
    const r = await benchLighthouse(appDir!, quick ? 3 : 5);
    f.lighthouse_tbt_ms = r.tbtMedianMs;
    run.details.lighthouse = r;
  },
  noChromium ?? (appDir ? undefined : 'the app did not build'),
);

if (appDir) rmSync(appDir, { recursive: true, force: true });
run.details.total_seconds = round((performance.now() - began) / 1000, 1);
writeResults('bench/results/latest.json', run);
console.log(`\n${formatTable(run.figures, run.absent)}\n`);
console.log(`${run.mode} run, ${run.details.total_seconds} s; written to bench/results/latest.json`);
