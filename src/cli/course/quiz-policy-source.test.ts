import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseManifestText } from '../../shared/course/manifest-signature';
import { buildCourse } from './build-course';

const temps: string[] = [];
afterAll(() => Promise.all(temps.map((d) => rm(d, { recursive: true, force: true }))));

/** A copy of a demo course whose course.yaml the test rewrites with `edit`; returns the folder. */
async function demoWith(edit: (yaml: string) => string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lentera-policy-'));
  temps.push(dir);
  await cp('content/perencanaan-pembangunan-desa', dir, { recursive: true });
  const file = join(dir, 'course.yaml');
  await writeFile(file, edit(await readFile(file, 'utf8')));
  return dir;
}

/** The 1-based line of the first line of `yaml` that contains `text`. */
function lineOf(yaml: string, text: string): number {
  return yaml.split('\n').findIndex((l) => l.includes(text)) + 1;
}

describe('quiz policy in course.yaml', () => {
  it('writes the demo course policy into the manifest: pre-test 1 attempt after the post-test, post-test 3 when final', async () => {
    const { manifest } = await buildCourse('content/perencanaan-pembangunan-desa');
    expect(manifest.pretest).toMatchObject({ review: 'after-posttest', maxAttempts: 1 });
    expect(manifest.posttest).toMatchObject({ review: 'after-final', maxAttempts: 3 });
    const latihan = manifest.modules[0]!.quizzes[0]!;
    expect(latihan).toMatchObject({ mode: 'latihan', maxAttempts: null });
    expect(latihan).not.toHaveProperty('review');
  });

  it('fills in the role defaults for a quiz that sets no policy', async () => {
    const dir = await demoWith((y) => y.replace(/^ {2}(review|maxAttempts): .*\n/gm, '').replace(/^ {2}#.*\n/gm, ''));
    const { manifest } = await buildCourse(dir);
    expect(manifest.pretest).toMatchObject({ review: 'after-posttest', maxAttempts: 1 });
    expect(manifest.posttest).toMatchObject({ review: 'after-final', maxAttempts: 3 });
  });

  it('takes review, maxAttempts: unlimited and waitMinutes as written, and the manifest still verifies', async () => {
    const dir = await demoWith((y) =>
      y
        .replace('review: after-final', 'review: after-grading')
        .replace('maxAttempts: 3', 'maxAttempts: unlimited\n  waitMinutes: 30'),
    );
    const { manifest } = await buildCourse(dir);
    expect(manifest.posttest).toMatchObject({ review: 'after-grading', maxAttempts: null, waitMinutes: 30 });
    expect(parseManifestText(JSON.stringify(manifest)).posttest).toMatchObject({ maxAttempts: null, waitMinutes: 30 });
  });

  it('refuses an unknown review value, naming course.yaml and its line', async () => {
    let yaml = '';
    const dir = await demoWith((y) => (yaml = y.replace('review: after-final', 'review: sesudah-ujian')));
    await expect(buildCourse(dir)).rejects.toThrow(
      new RegExp(`course\\.yaml:${lineOf(yaml, 'sesudah-ujian')}: posttest\\.review: `),
    );
  });

  it('refuses maxAttempts: 0 with its line', async () => {
    let yaml = '';
    const dir = await demoWith((y) => (yaml = y.replace('maxAttempts: 3', 'maxAttempts: 0')));
    await expect(buildCourse(dir)).rejects.toThrow(
      `course.yaml:${lineOf(yaml, 'maxAttempts: 0')}: posttest.maxAttempts: Invalid value: Expected >=1 but received 0`,
    );
  });

  it('refuses a negative waitMinutes with its line', async () => {
    let yaml = '';
    const dir = await demoWith((y) => (yaml = y.replace('maxAttempts: 1', 'maxAttempts: 1\n  waitMinutes: -5')));
    await expect(buildCourse(dir)).rejects.toThrow(
      new RegExp(`course\\.yaml:${lineOf(yaml, 'waitMinutes: -5')}: pretest\\.waitMinutes: `),
    );
  });

  it('refuses a review rule on a latihan, whose keys ship with it', async () => {
    let yaml = '';
    const dir = await demoWith(
      (y) => (yaml = y.replace('        mode: latihan\n', '        mode: latihan\n        review: never\n')),
    );
    await expect(buildCourse(dir)).rejects.toThrow(
      `course.yaml:${lineOf(yaml, 'review: never')}: modules.0.quizzes.0.review: a latihan is always reviewable: leave review out`,
    );
  });
});
