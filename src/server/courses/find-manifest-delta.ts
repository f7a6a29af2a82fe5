import type { FileEntry } from '../../shared/course/manifest';
import type { InlineFile, ManifestDelta } from '../../shared/course/manifest-delta';
import { parseManifestText } from '../../shared/course/manifest-signature';
import type { Queryable } from '../store/store';
import { diffManifestText } from './diff-manifest-text';
import { findSignedManifest } from './find-signed-manifest';
import { readFileSlice } from './read-course-file';

/**
 * Text files new in the target version ride along with the delta, up to these sizes: for the
 * usual update (a lesson or a quiz changed) the whole update is then one compressed answer, not a
 * manifest request plus one uncompressed Range request per file. Media and anything larger go the
 * ordinary way (`getCourseFile`, resumable in chunks).
 */
const INLINE_FILE_MAX_BYTES = 64 * 1024;
const INLINE_TOTAL_MAX_BYTES = 256 * 1024;
const INLINE_TYPES = /^(text\/|application\/json$|image\/svg\+xml$)/;

// Published versions never change, so the delta between two of them is computed once per process.
const cache = new Map<string, ManifestDelta>();
const CACHE_ENTRIES = 64;

/**
 * The update from version `from` (installed on the phone) to `version` (`latest` allowed) of a
 * course: a delta when the server still has `from` under the same key and the delta is smaller,
 * else the whole envelope. Null when there is no such course or target version.
 */
export async function findManifestDelta(
  db: Queryable,
  courseId: string,
  version: string,
  from: string,
): Promise<{ delta: ManifestDelta; withdrawn: boolean } | null> {
  const target = await findSignedManifest(db, courseId, version);
  if (!target) return null;
  if (target.withdrawn) return { delta: { kind: 'full', envelope: target.envelope }, withdrawn: true };
  // Stored verbatim after being verified at publish: parsing gives the version and the file list.
  const manifest = parseManifestText(target.envelope.manifest);
  const full = { delta: { kind: 'full' as const, envelope: target.envelope }, withdrawn: false };
  const base = from === manifest.version ? target : await findSignedManifest(db, courseId, from);
  if (!base || base.envelope.publicKey !== target.envelope.publicKey) return full;
  // Keyed by the two signatures: they name the exact texts, whichever store (or test) asks.
  const key = `${target.envelope.publicKey}\n${base.envelope.signature}\n${target.envelope.signature}`;
  const cached = cache.get(key);
  if (cached) return { delta: cached, withdrawn: false };
  const ops = diffManifestText(base.envelope.manifest, target.envelope.manifest);
  if (!ops || JSON.stringify(ops).length >= target.envelope.manifest.length) return full;
  const had = new Set(parseManifestText(base.envelope.manifest).files.map((f) => f.hash));
  const delta: ManifestDelta = {
    kind: 'delta',
    from,
    to: manifest.version,
    ops,
    signature: target.envelope.signature,
    files: await inlineFiles(
      db,
      manifest.files.filter((f) => !had.has(f.hash)),
    ),
  };
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, delta);
  return { delta, withdrawn: false };
}

/** The new small text files, as UTF-8 text (a file that is not valid UTF-8 is left to `getCourseFile`). */
async function inlineFiles(db: Queryable, added: FileEntry[]): Promise<InlineFile[]> {
  const out: InlineFile[] = [];
  const seen = new Set<string>();
  let total = 0;
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  for (const file of added) {
    if (seen.has(file.hash) || !INLINE_TYPES.test(file.type) || file.size > INLINE_FILE_MAX_BYTES) continue;
    if (total + file.size > INLINE_TOTAL_MAX_BYTES) break;
    const bytes = file.size === 0 ? new Uint8Array(0) : await readFileSlice(db, file.hash, 0, file.size - 1);
    if (bytes.length !== file.size) continue;
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      continue;
    }
    seen.add(file.hash);
    total += file.size;
    out.push({ hash: file.hash, text });
  }
  return out;
}
