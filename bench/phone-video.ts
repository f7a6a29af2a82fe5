// A cheap phone with a large course video, in real Chromium through the real app: the JS heap of
// the page, the course-download worker and the service worker while a course holding a ~100 MiB
// video downloads and is stored, then while it plays offline and seeks; the same for a ~25 MiB video
// in the same run, so the verdict is whether the heap follows the file's size. Then the latency from
// a seek to playing at the new place, offline at 4× CPU, beside the same file streamed from the
// server online (the peer a learner with a signal would use). Method and reasons: docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import WebSocket from 'ws';
import { generatePublisherKey } from '../src/cli/course/publisher-key';
import { publishPackage } from '../src/cli/course/publish-package';
import {
  closeAllCdp,
  goOffline,
  launchBrowser,
  readIndexedDB,
  startServer,
  waitForServiceWorker,
  type BrowserHandle,
} from '../tests/e2e/harness';
import { loginOnServer, putSignedInSession, type ServerSession } from '../tests/e2e/fixtures/learner-profile';
import { demoPackage } from '../tests/server/course-fixture';
import { buildWithVite } from './build-with-vite';
import { median, percentile, round } from './stats';

const MiB = 1024 * 1024;
/**
 * Every test video has this bit rate (~1.4 Mbit/s with its audio), so a larger file is a longer video
 * and the player pulls the same bytes per second of play: a difference between the two phones is
 * then the file's size, not its rate. 25 MiB is 150 s; 100 MiB is 600 s.
 */
const SECONDS_PER_MIB = 6;
const LESSON = '10-video-hp';
/** Seek targets spread over the first 150 s (the shortest video), 2:00 first (the seek). */
const SEEKS = [120, 15, 75, 140, 40, 100, 5, 130, 60, 25, 110, 85];
const CPU_RATE = 4;

const log = (text: string) => console.error(`[phone video ${new Date().toISOString().slice(11, 19)}] ${text}`);

/**
 * A real, seekable H.264/AAC MP4 of about `mib` MiB (640×360, 15 fps, a key frame every 2 s, moov
 * first), made once with ffmpeg under the OS temp dir. Noise on the test pattern and a constant bit
 * rate with filler make the bytes real-sized: the size comes from the rate and the length.
 */
export function phoneTestVideo(mib: number): string {
  const seconds = mib * SECONDS_PER_MIB;
  const file = join(tmpdir(), `lentera-bench-video-${mib}mib-${seconds}s-v2.mp4`);
  if (existsSync(file)) return file;
  // Muxing adds ~3.8 % over the nominal rates (measured with these settings); audio is 32 kbit/s.
  const videoKbps = Math.round((MiB * 8) / SECONDS_PER_MIB / 1.038 / 1000 - 32);
  const partial = `${file}.${process.pid}.tmp.mp4`;
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-y', '-threads', '1'],
    ...['-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=15:duration=${seconds}`],
    ...['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=22050:duration=${seconds}`],
    ...['-vf', 'noise=alls=40:allf=t', '-c:v', 'libx264', '-preset', 'ultrafast', '-b:v', `${videoKbps}k`],
    ...['-minrate', `${videoKbps}k`, '-maxrate', `${videoKbps}k`, '-bufsize', `${videoKbps}k`],
    ...['-x264-params', 'nal-hrd=cbr', '-g', '30', '-pix_fmt', 'yuv420p'],
    ...['-c:a', 'aac', '-b:a', '32k', '-ac', '1', '-movflags', '+faststart', partial],
  ]);
  renameSync(partial, file); // whole or not at all: a run killed mid-encode leaves no broken cache
  return file;
}

/** A browser-level DevTools connection that also delivers events (the e2e harness's ignores them). */
interface Cdp {
  send: (method: string, params?: object, sessionId?: string) => Promise<Record<string, unknown>>;
  on: (method: string, listener: (params: Record<string, unknown>, sessionId?: string) => void) => void;
  close: () => void;
}

async function openCdp(profileDir: string): Promise<Cdp> {
  const [port, path] = readFileSync(join(profileDir, 'DevToolsActivePort'), 'utf8').trim().split('\n');
  const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  const listeners = new Map<string, Array<(p: Record<string, unknown>, s?: string) => void>>();
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as {
      id?: number;
      method?: string;
      params?: Record<string, unknown>;
      sessionId?: string;
      result?: Record<string, unknown>;
      error?: { message: string };
    };
    if (msg.id === undefined) {
      for (const l of listeners.get(msg.method ?? '') ?? []) l(msg.params ?? {}, msg.sessionId);
      return;
    }
    const waiter = pending.get(msg.id);
    pending.delete(msg.id);
    if (msg.error) waiter?.reject(new Error(msg.error.message));
    else waiter?.resolve(msg.result ?? {});
  });
  ws.on('close', () => {
    for (const w of pending.values()) w.reject(new Error('DevTools connection closed'));
    pending.clear();
  });
  return {
    send: (method, params = {}, sessionId) =>
      new Promise((resolve, reject) => {
        if (ws.readyState !== WebSocket.OPEN) return reject(new Error('DevTools connection closed'));
        const id = nextId++;
        pending.set(id, { resolve, reject });
        ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
      }),
    on: (method, listener) => listeners.set(method, [...(listeners.get(method) ?? []), listener]),
    close: () => ws.close(),
  };
}

type TargetKind = 'page' | 'worker' | 'service_worker';
const KINDS: readonly TargetKind[] = ['page', 'worker', 'service_worker'];

/** Peak heap of one kind of target in one phase, in bytes. */
export interface HeapPeak {
  /** V8's used heap (`Runtime.getHeapUsage` usedSize), objects and strings. */
  usedBytes: number;
  /** ArrayBuffer backing stores (`backingStorageSize`): where a Uint8Array of file bytes lives. */
  backingBytes: number;
  /** The largest sum of the two in one sample: the figure. */
  totalBytes: number;
  samples: number;
}

type Phase = 'download' | 'play';

/**
 * Samples `Runtime.getHeapUsage` of every page, dedicated worker and service worker of the app's
 * origin every `intervalMs`, attaching to each as it appears (the download worker starts with the
 * first download; a dedicated worker is reached through its page's auto-attach).
 */
async function heapSampler(profileDir: string, origin: string, intervalMs = 200) {
  const cdp = await openCdp(profileDir);
  const sessions = new Map<string, { sessionId: string; kind: TargetKind; url: string }>();
  const peaks: Record<Phase, Partial<Record<TargetKind, HeapPeak>>> = { download: {}, play: {} };
  let phase: Phase = 'download';
  let stopped = false;
  let errors = 0;
  cdp.on('Target.attachedToTarget', (params) => {
    const info = params.targetInfo as { targetId: string; type: string; url: string };
    const sessionId = params.sessionId as string;
    if (info.type === 'worker' && info.url.startsWith(origin))
      sessions.set(info.targetId, { sessionId, kind: 'worker', url: info.url });
    // Auto-attach pauses nothing (waitForDebuggerOnStart false), but a worker attached this way
    // must be told to run in case the browser paused it anyway.
    void cdp.send('Runtime.runIfWaitingForDebugger', {}, sessionId).catch(() => undefined);
  });
  cdp.on('Target.detachedFromTarget', (params) => {
    for (const [id, s] of sessions) if (s.sessionId === params.sessionId) sessions.delete(id);
  });
  const discover = async () => {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as {
      targetInfos: Array<{ targetId: string; type: string; url: string }>;
    };
    for (const t of targetInfos) {
      if (sessions.has(t.targetId) || !KINDS.includes(t.type as TargetKind)) continue;
      if (!t.url.startsWith(origin) && !(t.type === 'page' && t.url === 'about:blank')) continue;
      const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: t.targetId, flatten: true })) as {
        sessionId: string;
      };
      sessions.set(t.targetId, { sessionId, kind: t.type as TargetKind, url: t.url });
      if (t.type === 'page')
        await cdp.send(
          'Target.setAutoAttach',
          { autoAttach: true, waitForDebuggerOnStart: false, flatten: true },
          sessionId,
        );
    }
  };
  const sample = async () => {
    await discover();
    const now: Partial<Record<TargetKind, { used: number; backing: number }>> = {};
    await Promise.all(
      [...sessions.values()].map(async (s) => {
        const usage = (await cdp.send('Runtime.getHeapUsage', {}, s.sessionId).catch(() => null)) as {
          usedSize: number;
          backingStorageSize?: number;
        } | null;
        if (!usage) return; // the target went away between discovery and the sample
        const sum = (now[s.kind] ??= { used: 0, backing: 0 });
        sum.used += usage.usedSize;
        sum.backing += usage.backingStorageSize ?? 0;
      }),
    );
    for (const kind of KINDS) {
      const v = now[kind];
      if (!v) continue;
      const p = (peaks[phase][kind] ??= { usedBytes: 0, backingBytes: 0, totalBytes: 0, samples: 0 });
      p.usedBytes = Math.max(p.usedBytes, v.used);
      p.backingBytes = Math.max(p.backingBytes, v.backing);
      p.totalBytes = Math.max(p.totalBytes, v.used + v.backing);
      p.samples++;
    }
  };
  const loop = (async () => {
    while (!stopped) {
      await sample().catch(() => errors++);
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    set phase(next: Phase) {
      phase = next;
    },
    /** Sends a command to the first target of `kind` (e.g. the service worker's CPU throttle). */
    async sendTo(kind: TargetKind, method: string, params: object) {
      await discover();
      const s = [...sessions.values()].find((x) => x.kind === kind);
      if (!s) throw new Error(`no ${kind} target`);
      return cdp.send(method, params, s.sessionId);
    },
    /**
     * Collects garbage in every target, then reads each heap once: what is still held, against the
     * peak, which also counts buffers that were only not collected yet.
     */
    async retained() {
      const out: Partial<Record<TargetKind, number>> = {};
      for (const s of sessions.values()) {
        await cdp.send('HeapProfiler.collectGarbage', {}, s.sessionId).catch(() => undefined);
        const usage = (await cdp.send('Runtime.getHeapUsage', {}, s.sessionId).catch(() => null)) as {
          usedSize: number;
          backingStorageSize?: number;
        } | null;
        if (usage) out[s.kind] = (out[s.kind] ?? 0) + usage.usedSize + (usage.backingStorageSize ?? 0);
      }
      return out;
    },
    async stop() {
      stopped = true;
      await loop;
      cdp.close();
      return { peaks, errors };
    },
  };
}

export interface SeekSample {
  target: number;
  /** From setting `currentTime` to the first moment it plays past the new place. */
  ms: number;
}

/**
 * In the page: plays the video muted, then for each target sets `currentTime` and times (with
 * `performance.now()`) until the element is no longer seeking, not paused and past the target —
 * checked on every animation frame, `timeupdate` and `playing` — then lets it play half a second on.
 */
async function timeSeeks(page: Page, selector: string, targets: number[]): Promise<SeekSample[]> {
  const video = page.locator(selector);
  await video.waitFor({ state: 'attached', timeout: 60_000 });
  // tsx (esbuild keepNames) wraps the named functions below in `__name(…)`, which the page lacks.
  await page.evaluate('globalThis.__name ??= (f) => f');
  return video.evaluate(async (el: HTMLVideoElement, list: number[]) => {
    const event = (name: string) => new Promise((r) => el.addEventListener(name, r, { once: true }));
    el.muted = true;
    if (el.readyState < 1) {
      await Promise.race([event('loadedmetadata'), event('error'), new Promise((r) => setTimeout(r, 60_000))]);
      if (el.readyState < 1)
        throw new Error(`no video metadata (error ${el.error?.code ?? 'none'}: ${el.error?.message})`);
    }
    if (el.seeking) await event('seeked');
    await el.play();
    const out: Array<{ target: number; ms: number }> = [];
    for (const target of list) {
      const sample = await new Promise<{ target: number; ms: number }>((resolve, reject) => {
        const t0 = performance.now();
        let frame = 0;
        const timer = setTimeout(() => finish(new Error(`no playing at ${target} s after 120 s`)), 120_000);
        const check = () => {
          if (!el.seeking && !el.paused && el.currentTime > target && el.currentTime < target + 10) finish(null);
          else frame = requestAnimationFrame(check);
        };
        const finish = (err: Error | null) => {
          const ms = performance.now() - t0;
          clearTimeout(timer);
          cancelAnimationFrame(frame);
          el.removeEventListener('timeupdate', check);
          el.removeEventListener('playing', check);
          if (err) reject(err);
          else resolve({ target, ms });
        };
        el.addEventListener('timeupdate', check);
        el.addEventListener('playing', check);
        el.currentTime = target;
        frame = requestAnimationFrame(check);
      });
      out.push(sample);
      // Plays on half a second; a player that stalls there fails the run rather than hanging it.
      const playedOn = Date.now() + 60_000;
      while (el.currentTime < target + 0.5 && !el.ended && !el.error) {
        if (Date.now() > playedOn) throw new Error(`the video stalled after ${target} s`);
        await Promise.race([event('timeupdate'), new Promise((r) => setTimeout(r, 1000))]);
      }
      if (el.error) throw new Error(`the video failed with code ${el.error.code}`);
    }
    el.pause();
    return out;
  }, targets);
}

const installedVersion = async (page: Page, course: string) =>
  (await readIndexedDB<{ id: string; activeVersion: string }>(page, 'lentera', 'courses')).find((c) => c.id === course)
    ?.activeVersion;

async function waitUntil(check: () => Promise<boolean>, what: string, ms: number) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export interface VideoRun {
  courseId: string;
  fileBytes: number;
  downloadSeconds: number;
  /** Peak per target kind in each phase. */
  heap: Record<Phase, Partial<Record<TargetKind, HeapPeak>>>;
  /** The largest peak (used + backing) of each kind over both phases, in bytes. */
  peakBytes: Partial<Record<TargetKind, number>>;
  /** Heap per kind right after the download, once garbage was collected (`HeapProfiler.collectGarbage`). */
  retainedAfterDownload: Partial<Record<TargetKind, number>>;
  seeks: SeekSample[];
  /** Whether the service worker's CPU was throttled too (CDP may refuse Emulation on a worker). */
  swThrottled: boolean | string;
  sampleErrors: number;
}

/** One fresh phone: installs the course over loopback, then plays the video offline at 4× CPU and seeks. */
async function phoneRun(
  serverUrl: string,
  learner: ServerSession,
  courseId: string,
  fileBytes: number,
  seeks: number[],
) {
  const browser = await launchBrowser();
  try {
    const { page, context } = browser;
    await page.goto(serverUrl);
    await waitForServiceWorker(page);
    await putSignedInSession(page, learner);
    const sampler = await heapSampler(browser.profileDir, serverUrl);
    let seekSamples: SeekSample[] = [];
    let downloadSeconds = 0;
    let swThrottled: boolean | string = false;
    let retainedAfterDownload: VideoRun['retainedAfterDownload'] = {};
    let sampled: Awaited<ReturnType<typeof sampler.stop>> | undefined;
    try {
      sampler.phase = 'download';
      const item = page.locator(`li[data-course="${courseId}"]`);
      await page.goto(`${serverUrl}/katalog`);
      await item.getByRole('button', { name: 'Unduh', exact: true }).click();
      log(`${courseId}: downloading`);
      const began = performance.now();
      await waitUntil(
        async () => (await installedVersion(page, courseId)) === '1.0.0',
        'the course installed',
        1_200_000,
      );
      downloadSeconds = round((performance.now() - began) / 1000, 1);

      retainedAfterDownload = await sampler.retained();
      log(`${courseId}: installed in ${downloadSeconds} s; playing offline`);
      sampler.phase = 'play';
      await goOffline(context);
      await page.goto(`${serverUrl}/kursus/${courseId}/materi/${LESSON}`);
      const session = await context.newCDPSession(page);
      await session.send('Emulation.setCPUThrottlingRate', { rate: CPU_RATE });
      swThrottled = await sampler
        .sendTo('service_worker', 'Emulation.setCPUThrottlingRate', { rate: CPU_RATE })
        .then(() => true)
        .catch((err: Error) => err.message);
      log(`${courseId}: 4× CPU (service worker: ${swThrottled}); seeking`);
      seekSamples = await timeSeeks(page, 'article.lesson video', seeks);
      await session.detach();
    } finally {
      sampled = await sampler.stop();
    }
    const { peaks, errors } = sampled;
    const peakBytes: VideoRun['peakBytes'] = {};
    for (const kind of KINDS) {
      const values = [peaks.download[kind]?.totalBytes, peaks.play[kind]?.totalBytes].filter(
        (v): v is number => v !== undefined,
      );
      if (values.length) peakBytes[kind] = Math.max(...values);
    }
    return {
      courseId,
      fileBytes,
      downloadSeconds,
      heap: peaks,
      peakBytes,
      retainedAfterDownload,
      seeks: seekSamples,
      swThrottled,
      sampleErrors: errors,
    } satisfies VideoRun;
  } finally {
    await browser.close();
    rmSync(browser.profileDir, { recursive: true, force: true });
  }
}

/** The peer: a bare page playing the same file from the server online (Range, loopback, no link throttle), 4× CPU, no cache. */
async function peerRun(
  serverUrl: string,
  learner: ServerSession,
  hash: string,
  seeks: number[],
): Promise<SeekSample[]> {
  const browser: BrowserHandle = await launchBrowser();
  try {
    const { page, context } = browser;
    const session = await context.newCDPSession(page);
    await session.send('Network.enable');
    await session.send('Network.setCacheDisabled', { cacheDisabled: true });
    // A <video> cannot send a bearer token: the header is added to every request of the page.
    await session.send('Network.setExtraHTTPHeaders', { headers: { Authorization: `Bearer ${learner.token}` } });
    page.on('crash', () => log('peer: the page crashed'));
    // A fresh profile has no service worker: the app's origin serves the bare page's video as it is.
    await page.goto(`${serverUrl}/healthz`);
    await page.setContent(`<video preload="auto" muted src="${serverUrl}/api/course-files/${hash}"></video>`, {
      waitUntil: 'domcontentloaded',
    });
    await session.send('Emulation.setCPUThrottlingRate', { rate: CPU_RATE });
    // Three seconds to load the metadata and first frames before the clock: if anything, in the peer's favour.
    await new Promise((r) => setTimeout(r, 3000));
    return await timeSeeks(page, 'video', seeks);
  } finally {
    await browser.close();
    rmSync(browser.profileDir, { recursive: true, force: true });
  }
}

export interface PhoneVideoResult {
  sizesMiB: { large: number; small: number };
  cpuThrottle: number;
  large: VideoRun;
  small: VideoRun;
  /** Per kind: peak with the large video ÷ peak with the small one (≈ 1 when the heap does not follow size). */
  peakLargeVsSmall: Partial<Record<TargetKind, number>>;
  peer: { seeks: SeekSample[]; source: string };
  seekP50Ms: number;
  seekP95Ms: number;
  peerSeekP50Ms: number;
  peerSeekP95Ms: number;
  staticDir: string;
}

/**
 * Publishes two courses (videos of `largeMiB` and `smallMiB`) on a fresh server, runs one fresh
 * phone for each, then the online peer on the large one. `appDir`: the app built by the bench
 * (else the server's default, dist/).
 */
export async function benchPhoneVideo(options: {
  largeMiB: number;
  smallMiB: number;
  seeks: number;
  appDir?: string;
}): Promise<PhoneVideoResult> {
  const seeks = SEEKS.slice(0, options.seeks);
  if (options.smallMiB * SECONDS_PER_MIB <= Math.max(...seeks) + 5)
    throw new Error(`a ${options.smallMiB} MiB video is too short for seeks up to ${Math.max(...seeks)} s`);
  // Its own build when run alone (`--only=video`, or directly): dist/ may be mid-rebuild by someone else.
  const ownBuild = options.appDir ? undefined : await buildWithVite('app');
  const server = await startServer({ staticDir: options.appDir ?? ownBuild });
  try {
    const key = await generatePublisherKey();
    const author = await loginOnServer(server.url, 'pelatih');
    const courses: Record<'large' | 'small', { id: string; hash: string; size: number }> = {} as never;
    for (const side of ['small', 'large'] as const) {
      const mib = side === 'large' ? options.largeMiB : options.smallMiB;
      const id = `uji-video-hp-${mib}`;
      const video = phoneTestVideo(mib);
      const pkg = await demoPackage(key, {
        edit: async (dir) => {
          const yamlPath = join(dir, 'course.yaml');
          const yaml = readFileSync(yamlPath, 'utf8')
            .replace(/^id: .*$/m, `id: ${id}`)
            .replace(/^title: .*$/m, `title: Kursus Uji Video ${mib} MiB`)
            .replace(
              '      - file: lessons/09-berita-acara-dan-tindak-lanjut.md\n',
              (l) => `${l}      - file: lessons/${LESSON}.md\n`,
            );
          await writeFile(yamlPath, yaml);
          await writeFile(join(dir, 'media/video-hp.mp4'), readFileSync(video));
          await writeFile(
            join(dir, `lessons/${LESSON}.md`),
            '# Video musyawarah\n\n![Video musyawarah desa](../media/video-hp.mp4)\n',
          );
        },
      });
      await publishPackage(pkg, { server: server.url, token: author.token });
      log(`published ${id}`);
      const entry = pkg.built.manifest.files.find((f) => f.path === 'media/video-hp.mp4')!;
      courses[side] = { id, hash: entry.hash, size: entry.size };
    }
    const learner = await loginOnServer(server.url, 'siti');
    const small = await phoneRun(server.url, learner, courses.small.id, courses.small.size, seeks);
    const large = await phoneRun(server.url, learner, courses.large.id, courses.large.size, seeks);
    log('the online peer');
    const peerSeeks = await peerRun(server.url, learner, courses.large.hash, seeks);
    const peakLargeVsSmall: PhoneVideoResult['peakLargeVsSmall'] = {};
    for (const kind of KINDS) {
      const l = large.peakBytes[kind];
      const s = small.peakBytes[kind];
      if (l !== undefined && s !== undefined) peakLargeVsSmall[kind] = round(l / s, 2);
    }
    const ms = (list: SeekSample[]) => list.map((s) => s.ms);
    return {
      sizesMiB: { large: options.largeMiB, small: options.smallMiB },
      cpuThrottle: CPU_RATE,
      large,
      small,
      peakLargeVsSmall,
      peer: {
        seeks: peerSeeks,
        source: 'GET /api/course-files/{hash} by Range from the same server, online, no cache',
      },
      seekP50Ms: round(median(ms(large.seeks))),
      seekP95Ms: round(percentile(ms(large.seeks), 95)),
      peerSeekP50Ms: round(median(ms(peerSeeks))),
      peerSeekP95Ms: round(percentile(ms(peerSeeks), 95)),
      staticDir: options.appDir ? "the bench run's build" : 'a build of its own',
    };
  } finally {
    closeAllCdp();
    await server.stop();
    rmSync(server.dataDir, { recursive: true, force: true });
    if (ownBuild) rmSync(ownBuild, { recursive: true, force: true });
  }
}

export const PHONE_VIDEO_KEYS = [
  'phone_video_heap_peak_mb_page',
  'phone_video_heap_peak_mb_worker',
  'phone_video_heap_peak_mb_sw',
  'phone_video_heap_per_file_size',
  'phone_video_heap_vs_smaller',
  'phone_video_seek_p50_ms',
  'phone_video_seek_p95_ms',
  'phone_video_peer_seek_p95_ms',
  'phone_video_seek_vs_peer',
];

/** The results file's figures: peaks with the large video, the worst target's ratios, seek latencies. */
export function phoneVideoFigures(r: PhoneVideoResult): Record<string, number> {
  const mb = (b: number | undefined) => round((b ?? 0) / 1e6, 1);
  const peaks = Object.values(r.large.peakBytes);
  return {
    phone_video_heap_peak_mb_page: mb(r.large.peakBytes.page),
    phone_video_heap_peak_mb_worker: mb(r.large.peakBytes.worker),
    phone_video_heap_peak_mb_sw: mb(r.large.peakBytes.service_worker),
    phone_video_heap_per_file_size: round(Math.max(...peaks) / r.large.fileBytes, 3),
    phone_video_heap_vs_smaller: Math.max(...Object.values(r.peakLargeVsSmall)),
    phone_video_seek_p50_ms: r.seekP50Ms,
    phone_video_seek_p95_ms: r.seekP95Ms,
    phone_video_peer_seek_p95_ms: r.peerSeekP95Ms,
    phone_video_seek_vs_peer: round(r.seekP95Ms / r.peerSeekP95Ms, 2),
  };
}

// Run directly: `npx tsx bench/phone-video.ts [largeMiB smallMiB seeks]` (builds the app first).
if (import.meta.url === `file://${process.argv[1]}`) {
  const [large = 100, small = 25, seeks = 12] = process.argv.slice(2).map(Number);
  console.log(JSON.stringify(await benchPhoneVideo({ largeMiB: large, smallMiB: small, seeks }), null, 2));
}
