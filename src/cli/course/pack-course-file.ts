import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import * as v from 'valibot';
import { courseFileEntries, courseFileHead } from '../../shared/course/course-file';
import { courseFileName } from '../../shared/course/course-file-name';
import { verifySignedManifest } from '../../shared/course/manifest-signature';
import { SignedManifestSchema } from '../../shared/course/signed-manifest';

/**
 * Writes a built package folder (`build`'s output) as one course file, the same bytes the server's
 * `downloadCourseFile` gives for that version: the head, then each file streamed from
 * `files/<sha256>`, so a large course is never in memory. Checks the signature and every file's
 * size first; written to a temporary name and renamed, so a failure leaves no half file.
 * @example const { path } = await packCourseFile('dist-courses/kursus-1.0.0', 'dist-courses');
 */
export async function packCourseFile(packageDir: string, outDir: string): Promise<{ path: string; bytes: number }> {
  const envelope = v.parse(
    SignedManifestSchema,
    JSON.parse(await readFile(join(packageDir, 'signed-manifest.json'), 'utf8')),
  );
  const manifest = await verifySignedManifest(envelope);
  const entries = courseFileEntries(manifest);
  for (const entry of entries) {
    const { size } = await stat(join(packageDir, 'files', entry.hash));
    if (size !== entry.size)
      throw new Error(`files/${entry.hash} (${entry.path}) has ${size} bytes, not ${entry.size}`);
  }
  await mkdir(outDir, { recursive: true });
  const path = join(outDir, courseFileName(manifest));
  const partial = `${path}.partial`;
  async function* bytes() {
    const head = courseFileHead(envelope);
    yield head;
    for (const entry of entries) yield* createReadStream(join(packageDir, 'files', entry.hash));
  }
  try {
    await pipeline(Readable.from(bytes()), createWriteStream(partial));
    await rename(partial, path);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  return { path, bytes: (await stat(path)).size };
}
