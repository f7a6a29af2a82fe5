import { execFileSync } from 'node:child_process';
import { existsSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Length of the test video in seconds: long enough to seek to 2:00 and play on. */
export const BIG_VIDEO_SECONDS = 150;

/**
 * A real, seekable H.264/AAC MP4 of about 21 MB (2.5 min of noisy test pattern at ~1.1 Mbit/s,
 * moov first, a key frame every 2 s), made once with ffmpeg and kept under the OS temp dir.
 */
export function bigTestVideo(): string {
  const file = join(tmpdir(), `lentera-e2e-video-${BIG_VIDEO_SECONDS}s-v1.mp4`);
  if (existsSync(file)) return file;
  const partial = `${file}.${process.pid}.tmp.mp4`;
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-y', '-threads', '1'],
    ...['-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=10:duration=${BIG_VIDEO_SECONDS}`],
    ...['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=22050:duration=${BIG_VIDEO_SECONDS}`],
    ...['-vf', 'noise=alls=30:allf=t', '-c:v', 'libx264', '-preset', 'ultrafast', '-b:v', '1100k'],
    ...['-maxrate', '1100k', '-bufsize', '2200k', '-g', '20', '-pix_fmt', 'yuv420p'],
    ...['-c:a', 'aac', '-b:a', '32k', '-ac', '1', '-movflags', '+faststart', partial],
  ]);
  renameSync(partial, file); // whole or not at all: a test killed mid-encode leaves no broken cache
  return file;
}

/** Indonesian captions for the test video: one cue in each 10 s, from its first second to its ninth. */
export function bigTestCaptions(): string {
  const time = (s: number) =>
    `00:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}.000`;
  const cues = [];
  // Cues do not touch: Chromium keeps a cue that ends exactly where a seek lands among the active ones.
  for (let s = 0; s < BIG_VIDEO_SECONDS; s += 10) cues.push(`${time(s)} --> ${time(s + 9)}\nBagian detik ${s}\n`);
  return `WEBVTT\n\n${cues.join('\n')}`;
}
