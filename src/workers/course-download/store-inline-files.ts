import type { DownloadState, StoredFile } from '../../db/course-records';
import type { LenteraDatabase } from '../../db/database';
import { sha256Hex } from '../../shared/course/bytes';
import type { CourseManifest } from '../../shared/course/manifest';
import type { InlineFile } from '../../shared/course/manifest-delta';

/**
 * Stores a new download together with the files that came inline with its manifest delta, in one
 * transaction (so no clean-up of unlisted files runs between them). Only a file the download
 * still needs whose UTF-8 bytes have the size and SHA-256 the signed manifest lists is kept; it
 * leaves `pending` and counts as done. Any other is ignored and fetched the ordinary way.
 */
export async function putDownloadWithInlineFiles(
  db: LenteraDatabase,
  state: DownloadState,
  manifest: CourseManifest,
  inline: readonly InlineFile[],
): Promise<void> {
  const pending = new Set(state.pending);
  const records: StoredFile[] = [];
  for (const file of inline) {
    const entry = manifest.files.find((f) => f.hash === file.hash);
    if (!entry || !pending.has(entry.hash)) continue;
    const bytes = new TextEncoder().encode(file.text);
    if (bytes.length !== entry.size || (await sha256Hex(bytes)) !== entry.hash) continue;
    pending.delete(entry.hash);
    records.push({
      hash: entry.hash,
      blob: new Blob([bytes], { type: entry.type }),
      size: entry.size,
      type: entry.type,
    });
  }
  const bytesDone = records.reduce((sum, r) => sum + r.size, state.bytesDone);
  await db.transaction('rw', db.files, db.downloads, async () => {
    await db.files.bulkPut(records);
    await db.downloads.put({ ...state, pending: state.pending.filter((h) => pending.has(h)), bytesDone });
  });
}
