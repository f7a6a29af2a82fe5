// Server memory while phones download one large course video at once: a real server process
// (PGlite in the process, or PostgreSQL), the file uploaded through the resumable upload, then
// ten clients stream it whole at the same time while /proc/<pid>/status is sampled. The figure is
// the RSS growth over the idle process just before the downloads, for a 100 MB file and, in the
// same run, a 25 MB one: serving streams slice by slice, so the growth must not follow the size.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import pg from 'pg';
import { uploadCourseFile, type UploadSource } from '../src/cli/course/upload-course-file';
import { freshPgliteDataDir } from '../tests/server/harness/pglite-template';
import { BENCH_DATABASE_URL } from './bench-store';

const MiB = 1024 * 1024;
const CLIENTS = 10;

export interface ServingMemory {
  fileBytes: number;
  clients: number;
  rssIdleBytes: number;
  rssPeakBytes: number;
  rssGrowthBytes: number;
  /** RSS growth as a share of the file's size (1 would be one whole copy of the file). */
  growthPerFileSize: number;
  downloadSeconds: number;
}

export interface ServingMemoryResult {
  store: 'pglite' | 'postgres';
  large: ServingMemory;
  small: ServingMemory;
  /** Growth with the large file over growth with the small one: about 1 when memory does not follow size. */
  growthLargeVsSmall: number;
}

/** Block `i` (1 MiB) of a deterministic file: nothing is kept on disk or in memory whole. */
function block(i: number, seed: number): Uint8Array<ArrayBuffer> {
  const words = new Uint32Array(MiB / 4);
  let x = ((i + 1) * 2654435761) ^ seed;
  for (let w = 0; w < words.length; w++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[w] = x >>> 0;
  }
  return new Uint8Array(words.buffer);
}

const generated = (size: number, seed: number): UploadSource & { sha256: () => string } => ({
  async read(offset, length) {
    // The upload reads whole chunks at 1 MiB boundaries (the server's chunk size).
    const out = new Uint8Array(length);
    for (let filled = 0; filled < length;) {
      const at = offset + filled;
      const piece = block(Math.floor(at / MiB), seed).subarray(at % MiB, (at % MiB) + length - filled);
      out.set(piece, filled);
      filled += piece.length;
    }
    return out;
  },
  sha256() {
    const hash = createHash('sha256');
    for (let at = 0; at < size; at += MiB) hash.update(block(at / MiB, seed).subarray(0, Math.min(MiB, size - at)));
    return hash.digest('hex');
  },
});

const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

async function startServerProcess(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LENTERA_ADMIN_PASSWORD: 'admin-bench-password', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 300_000);
    child.stdout!.on('data', (c: Buffer) => {
      log += c.toString();
      const m = /"msg":"listening".*?"port":(\d+)/.exec(log.slice(-4000));
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${log}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

async function measure(url: string, pid: number, token: string, size: number, seed: number): Promise<ServingMemory> {
  const source = generated(size, seed);
  const hash = source.sha256();
  await uploadCourseFile({ hash, size, type: 'video/mp4', source }, { server: url, token });
  await new Promise((r) => setTimeout(r, 2000)); // let the upload's garbage go before the baseline
  const rssIdleBytes = rssOf(pid);
  let rssPeakBytes = rssIdleBytes;
  const sampler = setInterval(() => (rssPeakBytes = Math.max(rssPeakBytes, rssOf(pid))), 50);
  const start = performance.now();
  try {
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        const res = await fetch(`${url}/api/course-files/${hash}`, { headers: { Authorization: `Bearer ${token}` } });
        if (res.status !== 200) throw new Error(`download answered ${res.status}`);
        const got = createHash('sha256');
        for await (const part of res.body as unknown as AsyncIterable<Uint8Array>) got.update(part);
        if (got.digest('hex') !== hash) throw new Error('a download differs from the uploaded file');
      }),
    );
  } finally {
    clearInterval(sampler);
  }
  const rssGrowthBytes = rssPeakBytes - rssIdleBytes;
  return {
    fileBytes: size,
    clients: CLIENTS,
    rssIdleBytes,
    rssPeakBytes,
    rssGrowthBytes,
    growthPerFileSize: Math.round((rssGrowthBytes / size) * 1000) / 1000,
    downloadSeconds: Math.round((performance.now() - start) / 100) / 10,
  };
}

/** Runs the measurement against a fresh server process on `store`. */
export async function benchCourseServingMemory(store: 'pglite' | 'postgres'): Promise<ServingMemoryResult> {
  // A copy of the initdb template when the tests made one: a fresh initdb takes minutes on a loaded machine.
  const dataDir = freshPgliteDataDir();
  const database = `lentera_bench_serving_${randomBytes(4).toString('hex')}`;
  const admin = store === 'postgres' ? new pg.Client({ connectionString: BENCH_DATABASE_URL }) : null;
  let env: Record<string, string> = { LENTERA_DATA: dataDir };
  if (admin) {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(BENCH_DATABASE_URL);
    url.pathname = `/${database}`;
    env = { DATABASE_URL: url.toString() };
  }
  const { child, url } = await startServerProcess(env);
  try {
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'pelatih', password: 'lentera-demo' }),
    });
    if (!login.ok) throw new Error(`sign-in failed: ${login.status}`);
    const { token } = (await login.json()) as { token: string };
    const small = await measure(url, child.pid!, token, 25 * MiB, 1);
    const large = await measure(url, child.pid!, token, 100 * MiB, 2);
    return {
      store,
      large,
      small,
      growthLargeVsSmall: Math.round((large.rssGrowthBytes / Math.max(small.rssGrowthBytes, 1)) * 100) / 100,
    };
  } finally {
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
    rmSync(dataDir, { recursive: true, force: true });
    if (admin) {
      await admin.query(`DROP DATABASE IF EXISTS ${database}`);
      await admin.end();
    }
  }
}

// Run directly: `npx tsx bench/course-serving-memory.ts [pglite|postgres]`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const store = process.argv[2] === 'postgres' ? 'postgres' : 'pglite';
  console.log(JSON.stringify(await benchCourseServingMemory(store), null, 2));
}
