// Lighthouse mobile (its default simulated throttling: 150 ms RTT, 1.6 Mbit/s, 4× CPU) on a
// learner's first visit to the app served by the real server, in Chromium: total blocking time,
// median of a few runs, with the scripts that cost most main-thread time in the median run.
// Lighthouse has its own package (bench/lighthouse), installed on first use like the peer.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath, startServer } from '../tests/e2e/harness';
import { median } from './stats';

const LH_DIR = 'bench/lighthouse';
const LH_CLI = join(LH_DIR, 'node_modules', 'lighthouse', 'cli', 'index.js');

export interface LighthouseResult {
  runs: number[];
  tbtMedianMs: number;
  lighthouseVersion: string;
  /** Main-thread time per script in the median run (Lighthouse's bootup-time audit), largest first. */
  scripts: Array<{ url: string; totalMs: number; scriptingMs: number }>;
  warnings: string[];
}

/** Installs Lighthouse (its lockfile, `npm ci`) the first time the bench needs it. */
function ensureLighthouseInstalled(): void {
  if (existsSync(LH_CLI)) return;
  console.log('[bench] installing Lighthouse (npm ci --prefix bench/lighthouse) …');
  const run = spawnSync('npm', ['ci', '--prefix', LH_DIR, '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`npm ci --prefix ${LH_DIR} exited ${run.status}`);
}

interface LhReport {
  lighthouseVersion: string;
  runtimeError?: { message: string };
  runWarnings: string[];
  audits: Record<
    string,
    {
      numericValue?: number;
      details?: { items?: Array<{ url: string; total: number; scripting: number }> };
    }
  >;
}

/** `runs` cold first visits of the app built in `appDir` (fresh profile each run). */
export async function benchLighthouse(appDir: string, runs: number): Promise<LighthouseResult> {
  ensureLighthouseInstalled();
  const server = await startServer({ staticDir: appDir });
  const out = mkdtempSync(join(tmpdir(), 'lentera-lighthouse-'));
  try {
    const reports: LhReport[] = [];
    for (let i = 0; i < runs; i++) {
      const file = join(out, `run-${i}.json`);
      const run = spawnSync(
        process.execPath,
        [
          LH_CLI,
          server.url,
          '--only-categories=performance',
          '--output=json',
          `--output-path=${file}`,
          '--quiet',
          '--chrome-flags=--headless=new --no-sandbox --disable-dev-shm-usage',
        ],
        { env: { ...process.env, CHROME_PATH: chromiumPath }, encoding: 'utf8', timeout: 180_000 },
      );
      if (run.status !== 0) throw new Error(`lighthouse exited ${run.status}: ${run.stderr.slice(-300)}`);
      const report = JSON.parse(readFileSync(file, 'utf8')) as LhReport;
      if (report.runtimeError) throw new Error(`lighthouse: ${report.runtimeError.message}`);
      reports.push(report);
    }
    const tbt = (r: LhReport) => r.audits['total-blocking-time']?.numericValue ?? NaN;
    const runsMs = reports.map((r) => Math.round(tbt(r)));
    const mid = [...reports].sort((a, b) => tbt(a) - tbt(b))[Math.floor(reports.length / 2)]!;
    return {
      runs: runsMs,
      tbtMedianMs: Math.round(median(runsMs)),
      lighthouseVersion: mid.lighthouseVersion,
      scripts: (mid.audits['bootup-time']?.details?.items ?? []).slice(0, 5).map((s) => ({
        url: s.url.replace(server.url, ''),
        totalMs: Math.round(s.total),
        scriptingMs: Math.round(s.scripting),
      })),
      warnings: [...new Set(reports.flatMap((r) => r.runWarnings))],
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
    await server.stop();
    rmSync(server.dataDir, { recursive: true, force: true });
  }
}
