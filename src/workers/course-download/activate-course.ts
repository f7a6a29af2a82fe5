import type { LenteraDatabase } from '../../db/database';
import type { CourseManifest } from '../../shared/course/manifest';
import { parseManifestText } from '../../shared/course/manifest-signature';
import { DownloadProblem } from './download-problem';

/**
 * Makes a fully downloaded version the active one, in one transaction: either the phone still has
 * the old version intact or the new one complete (less the `absent` files left off on purpose). Files no longer listed by any installed course
 * or running download are removed in the same transaction.
 */
export async function activateCourse(
  db: LenteraDatabase,
  downloadId: string,
  manifest: CourseManifest,
  publicKey: string,
  absent: readonly string[] = [],
): Promise<void> {
  await db.transaction('rw', [db.courses, db.files, db.fileChunks, db.downloads], async () => {
    const left = new Set(absent);
    const hashes = manifest.files.map((f) => f.hash).filter((h) => !left.has(h));
    const present = await db.files.where('hash').anyOf(hashes).primaryKeys();
    if (present.length !== new Set(hashes).size) throw new DownloadProblem('truncated');
    await db.courses.put({
      id: manifest.id,
      activeVersion: manifest.version,
      manifest,
      publicKey,
      installedAt: Date.now(),
      sizeBytes: manifest.files.filter((f) => !left.has(f.hash)).reduce((sum, f) => sum + f.size, 0),
      ...(left.size > 0 && { absent: [...left] }),
    });
    await db.downloads.delete(downloadId);
    await removeUnusedFiles(db);
  });
}

/** Deletes stored files (and their chunks) that no installed course and no download in progress lists. */
export async function removeUnusedFiles(db: LenteraDatabase): Promise<number> {
  return db.transaction('rw', [db.courses, db.files, db.fileChunks, db.downloads], async () => {
    const keep = new Set<string>();
    for (const c of await db.courses.toArray()) {
      for (const f of c.manifest.files) keep.add(f.hash);
    }
    for (const d of await db.downloads.toArray()) {
      // Verified when the download started; only its file list is needed here.
      for (const f of parseManifestText(d.manifest.manifest).files) keep.add(f.hash);
    }
    const unused = (await db.files.toCollection().primaryKeys()).filter((key) => !keep.has(key));
    await db.files.bulkDelete(unused);
    // Chunks of a chunked file, or of a file still downloading, go with the last course that lists it.
    const chunks = (await db.fileChunks.toCollection().primaryKeys()).filter(([hash]) => !keep.has(hash));
    await db.fileChunks.bulkDelete(chunks);
    return unused.length;
  });
}
