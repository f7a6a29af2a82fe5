import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCourse, type BuiltCourse } from '../../src/cli/course/build-course';
import type { PackageOnDisk } from '../../src/cli/course/package-folder';
import { generatePublisherKey, type PublisherKey } from '../../src/cli/course/publisher-key';
import { signManifest } from '../../src/shared/course/manifest-signature';

/**
 * Builds a demo course as a signed package in memory; `edit` may change a temporary copy of the
 * authoring folder first (a new version, a changed lesson…).
 */
export async function demoPackage(
  key: PublisherKey,
  options: { course?: string; version?: string; edit?: (dir: string) => Promise<void> } = {},
): Promise<PackageOnDisk & { built: BuiltCourse }> {
  const dir = await mkdtemp(join(tmpdir(), 'lentera-fixture-'));
  try {
    await cp(`content/${options.course ?? 'perencanaan-pembangunan-desa'}`, dir, { recursive: true });
    if (options.version) {
      const yaml = join(dir, 'course.yaml');
      await writeFile(yaml, (await readFile(yaml, 'utf8')).replace(/^version: .*$/m, `version: ${options.version}`));
    }
    await options.edit?.(dir);
    const built = await buildCourse(dir);
    const envelope = await signManifest(built.manifest, key.privateKey, key.publicKey);
    const files = new Map([...built.files].map(([hash, f]) => [hash, f.bytes]));
    return { built, envelope, files, serverQuizzes: built.serverQuizzes };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export { generatePublisherKey };
