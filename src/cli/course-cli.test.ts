import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const CLI = resolve('src/cli/course.ts');
const TSX = resolve('node_modules/.bin/tsx');
const temps: string[] = [];
afterAll(() => Promise.all(temps.map((d) => rm(d, { recursive: true, force: true }))));

/** Runs `npm run course -- …` the way an author does (tsx), in a scratch folder. */
async function course(cwd: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(TSX, [CLI, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('course CLI', () => {
  it('keygen, then build writes a signed package folder', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'lentera-cli-'));
    temps.push(cwd);
    expect((await course(cwd, 'keygen', '--key', 'k.json')).code).toBe(0);
    const built = await course(cwd, 'build', resolve('content/pengelolaan-keuangan-desa'), '--key', 'k.json');
    expect(built.code).toBe(0);
    expect(built.stdout).toMatch(/built .*pengelolaan-keuangan-desa-1\.0\.0: 21 files/);
    const out = join(cwd, 'dist-courses/pengelolaan-keuangan-desa-1.0.0');
    expect((await readdir(out)).sort()).toEqual(['files', 'server-quizzes.json', 'signed-manifest.json']);
    expect(await readdir(join(out, 'files'))).toHaveLength(21); // with the video lesson: its Markdown, video and captions
  });

  it('exits with 1 and prints file:line for a GIFT syntax error', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'lentera-cli-'));
    temps.push(cwd);
    await cp('content/perencanaan-pembangunan-desa', join(cwd, 'kursus'), { recursive: true });
    const gift = join(cwd, 'kursus/quizzes/pretest.gift');
    const text = await readFile(gift, 'utf8');
    // The first question's answer block is never closed: a syntax error for Moodle's GIFT import
    // as for ours, which names the line where the "{" opened.
    const broken = text.replace('bukan dokumen perencanaan.\n}\n', 'bukan dokumen perencanaan.\n\n');
    expect(broken).not.toBe(text);
    await writeFile(gift, broken);
    const open = text.split('\n').findIndex((l) => l.includes('jangka waktu 1 tahun disebut {')) + 1;
    const result = await course(cwd, 'build', 'kursus');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`^kursus/quizzes/pretest\\.gift:${open}: "\\{" is not closed by "\\}"`, 'm'),
    );
  });

  it('prints usage and exits with 2 for an unknown command', async () => {
    const result = await course(tmpdir(), 'bake');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage:');
  });
});
