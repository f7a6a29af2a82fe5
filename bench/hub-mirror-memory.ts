// A hub's memory while it mirrors one large course video down its uplink (docs/hub.md, "One file
// on its way down"): a fresh process per measurement, the hub's store (PGlite on disk in the same
// process, as at an office, or PostgreSQL), and an upstream that streams a generated file, so only
// the hub's side is measured. The figure is the RSS growth over the idle process just before the
// mirror, for a 100 MB file and, in the same run, a 25 MB one: the mirror writes slice by slice, so
// the growth must not follow the size. Not in `npm run bench` yet: run it standalone (below).
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { mirrorCourseFile } from '../src/server/hub/mirror-course-file';
import { openStore } from '../src/server/store/open-store';
import type { Store } from '../src/server/store/store';
import { FILE_CHUNK_BYTES } from '../src/shared/course/manifest';
import { freshPgliteDataDir } from '../tests/server/harness/pglite-template';
import { BENCH_DATABASE_URL, dropSchema, type StoreKindName } from './bench-store';

const MB = 1e6;

export interface MirrorMemory {
  fileBytes: number;
  rssIdleBytes: number;
  rssPeakBytes: number;
  rssGrowthBytes: number;
  /** RSS growth as a share of the file's size (1 would be one whole copy of the file). */
  growthPerFileSize: number;
  seconds: number;
}

export interface MirrorMemoryResult {
  store: StoreKindName;
  large: MirrorMemory;
  small: MirrorMemory;
  /** Growth with the large file over growth with the small one: about 1 when memory does not follow size. */
  growthLargeVsSmall: number;
}

/** Piece `i` (256 KiB) of a deterministic file. */
function piece(i: number): Buffer {
  const b = Buffer.alloc(FILE_CHUNK_BYTES);
  let x = ((i + 1) * 2654435761) >>> 0 || 1;
  for (let w = 0; w < FILE_CHUNK_BYTES; w += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b.writeUInt32LE(x >>> 0, w);
  }
  return b;
}

/** One measurement, in this (fresh) process. */
async function measureHere(kind: StoreKindName, size: number): Promise<MirrorMemory> {
  const pieces = size / FILE_CHUNK_BYTES;
  const whole = createHash('sha256');
  const chunks: string[] = [];
  for (let i = 0; i < pieces; i++) {
    const b = piece(i);
    whole.update(b);
    chunks.push(createHash('sha256').update(b).digest('hex'));
  }
  const file = { hash: whole.digest('hex'), size, path: 'media/video.mp4', type: 'video/mp4', chunks };
  let peak = 0;
  // Sampled as the upstream hands over each piece: PGlite's work in this thread can starve a timer.
  const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
  // One whole answer from byte 0: nothing here cuts it, so the mirror never asks for a Range.
  const upstream = (async () => {
    let i = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          sample();
          if (i >= pieces) return controller.close();
          controller.enqueue(piece(i++));
        },
      },
      { highWaterMark: 0 },
    );
    return new Response(body, { status: 200 });
  }) as unknown as typeof fetch;
  const schema = `lentera_bench_${randomBytes(5).toString('hex')}`;
  const store: Store =
    kind === 'pglite'
      ? await openStore({ dataDir: freshPgliteDataDir() })
      : await openStore({ databaseUrl: BENCH_DATABASE_URL, schema });
  try {
    await new Promise((r) => setTimeout(r, 1000));
    const rssIdleBytes = process.memoryUsage().rss;
    peak = rssIdleBytes;
    const start = performance.now();
    await mirrorCourseFile(store, { baseUrl: 'http://upstream.bench', credential: 'bench', fetch: upstream }, file);
    sample();
    const seconds = (performance.now() - start) / 1000;
    const { rows } = await store.query(`SELECT 1 FROM course_files WHERE hash = $1`, [file.hash]);
    if (rows.length !== 1) throw new Error('the mirrored file is not a course file');
    const rssGrowthBytes = Math.max(0, peak - rssIdleBytes);
    return {
      fileBytes: size,
      rssIdleBytes,
      rssPeakBytes: peak,
      rssGrowthBytes,
      growthPerFileSize: Math.round((rssGrowthBytes / size) * 100) / 100,
      seconds: Math.round(seconds * 10) / 10,
    };
  } finally {
    if (kind === 'postgres') await dropSchema(store, schema);
    else await store.close();
  }
}

/** Runs one measurement in a child process of its own, so nothing measured before weighs on it. */
function measureInChild(kind: StoreKindName, size: number): Promise<MirrorMemory> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--measure', kind, String(size)],
      {
        env: { ...process.env, LENTERA_LOG: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code === 0) resolve(JSON.parse(line) as MirrorMemory);
      else reject(new Error(`hub mirror memory (${kind}, ${size} B) exited with ${code}:\n${out.slice(-2000)}`));
    });
  });
}

/** The hub's RSS growth while it mirrors a 100 MB and a 25 MB file (each in a fresh process). */
export async function benchHubMirrorMemory(kind: StoreKindName): Promise<MirrorMemoryResult> {
  const MiB = 4 * FILE_CHUNK_BYTES;
  const small = await measureInChild(kind, 25 * MiB);
  const large = await measureInChild(kind, 100 * MiB);
  return {
    store: kind,
    large,
    small,
    growthLargeVsSmall: Math.round((large.rssGrowthBytes / Math.max(small.rssGrowthBytes, MB)) * 100) / 100,
  };
}

// `npx tsx bench/hub-mirror-memory.ts <pglite|postgres>` measures standalone; `--measure` is one child's run.
const [mode, kind, size] = process.argv.slice(2);
if (mode === '--measure') console.log(JSON.stringify(await measureHere(kind as StoreKindName, Number(size))));
else if (mode === 'pglite' || mode === 'postgres')
  console.log(JSON.stringify(await benchHubMirrorMemory(mode), null, 2));
