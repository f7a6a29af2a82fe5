import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPackage, generatePublisherKey } from '../../../tests/server/course-fixture';
import { checkCourseFileParts, readCourseFile } from '../../shared/course/course-file';
import { packCourseFile } from './pack-course-file';
import { writePackageFolder } from './package-folder';

describe('pack-file: a built package as one course file', () => {
  let dir: string;
  let pkg: Awaited<ReturnType<typeof demoPackage>>;
  let packageDir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lentera-pack-'));
    const key = await generatePublisherKey();
    pkg = await demoPackage(key, { course: 'pengelolaan-keuangan-desa' });
    packageDir = join(dir, 'package');
    await writePackageFolder(pkg.built, key, packageDir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes <course>-<version>.lentera-kursus that reads back with its signature and every file intact', async () => {
    const { path, bytes } = await packCourseFile(packageDir, join(dir, 'out'));
    expect(path).toBe(join(dir, 'out', 'pengelolaan-keuangan-desa-1.0.0.lentera-kursus'));
    const file = new Blob([await readFile(path)]);
    expect(file.size).toBe(bytes);
    const contents = await readCourseFile(file);
    await checkCourseFileParts(file, contents.parts);
    expect(contents.manifest).toEqual(pkg.built.manifest);
  });

  it('refuses a package whose file was changed in size, and leaves no half-written file behind', async () => {
    const entry = pkg.built.manifest.files.find((f) => f.size > 10)!;
    const stored = join(packageDir, 'files', entry.hash);
    const original = await readFile(stored);
    await writeFile(stored, original.subarray(0, original.length - 1));
    try {
      await expect(packCourseFile(packageDir, join(dir, 'refused'))).rejects.toThrow(entry.path);
      expect(await readdir(join(dir, 'refused')).catch(() => [])).toEqual([]);
    } finally {
      await writeFile(stored, original);
    }
  });

  it('refuses a package whose manifest was changed after signing', async () => {
    const at = join(packageDir, 'signed-manifest.json');
    const original = await readFile(at, 'utf8');
    await writeFile(at, original.replace('Pengelolaan', 'Pengelolaan Palsu'));
    try {
      await expect(packCourseFile(packageDir, join(dir, 'forged'))).rejects.toThrow(/signature/);
    } finally {
      await writeFile(at, original);
    }
  });
});
