import * as v from 'valibot';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { CourseManifest, FileEntry } from './manifest';
import { ManifestError, verifySignedManifest } from './manifest-signature';
import { SignedManifestSchema, type SignedManifest } from './signed-manifest';

// The course file: one published course version as one file, so it can travel by WhatsApp,
// Bluetooth, an SD card or a laptop. docs/course-package.md ("Course file") describes the layout:
//
//   "LENTERA-KURSUS\n"  15 bytes, the magic: a random file is refused at once
//   0x01                the container format
//   u32 big-endian      byte length of the envelope JSON
//   envelope JSON       the SignedManifest exactly as GET /api/courses/:id/versions/:v answers it
//   file bytes          every distinct file of manifest.files, in that order, raw, nothing between
//
// Every offset follows from the signed manifest (the sizes are signed), so a reader needs no
// index of its own, and a writer only concatenates: the server streams it, the phone composes a
// Blob out of the Blobs it already stores, and neither holds the course in memory twice.

export const COURSE_FILE_MAGIC = 'LENTERA-KURSUS\n';
export const COURSE_FILE_FORMAT = 1;
/** MIME type the server sends and the phone gives the File it shares. */
export const COURSE_FILE_TYPE = 'application/octet-stream';

const MAGIC_BYTES = new TextEncoder().encode(COURSE_FILE_MAGIC);
const PREAMBLE_BYTES = MAGIC_BYTES.length + 1 + 4;
/** The envelope allows 2,000,000 characters of manifest text; as escaped JSON in UTF-8 that stays below this. */
const MAX_ENVELOPE_BYTES = 16 * 1024 * 1024;
/** How much of a content file is read at a time while it is hashed. */
const HASH_SLICE_BYTES = 1024 * 1024;

/** Why a course file was refused; each reason has its own message on the phone. */
export type CourseFileProblem =
  | 'not_course_file'
  | 'unsupported_format'
  | 'truncated'
  | 'damaged'
  | 'bad_signature'
  | 'malformed_manifest'
  | 'hash_mismatch';

export class CourseFileError extends Error {
  constructor(
    readonly reason: CourseFileProblem,
    /** The file inside the course the problem is about (its path), when there is one. */
    readonly file?: string,
  ) {
    super(file ? `${reason}: ${file}` : reason);
  }
}

/** One content file inside a course file: its manifest entry and where its bytes start. */
export interface CourseFilePart {
  entry: FileEntry;
  offset: number;
}

/** What the head of a course file says, after its signature was checked. */
export interface CourseFileContents {
  envelope: SignedManifest;
  manifest: CourseManifest;
  parts: CourseFilePart[];
  /** The exact size the whole course file must have. */
  totalBytes: number;
}

/** The distinct files of a manifest in the order a course file holds them (a hash listed twice is stored once). */
export function courseFileEntries(manifest: CourseManifest): FileEntry[] {
  const seen = new Set<string>();
  return manifest.files.filter((f) => !seen.has(f.hash) && seen.add(f.hash));
}

/** The bytes before the first content file: magic, format, envelope length, envelope JSON. */
export function courseFileHead(envelope: SignedManifest): Uint8Array<ArrayBuffer> {
  const json = new TextEncoder().encode(JSON.stringify(envelope));
  const head = new Uint8Array(PREAMBLE_BYTES + json.length);
  head.set(MAGIC_BYTES, 0);
  head[MAGIC_BYTES.length] = COURSE_FILE_FORMAT;
  new DataView(head.buffer).setUint32(MAGIC_BYTES.length + 1, json.length);
  head.set(json, PREAMBLE_BYTES);
  return head;
}

/** Total size of the course file for this envelope and its manifest. */
export function courseFileSize(envelope: SignedManifest, manifest: CourseManifest): number {
  return courseFileHead(envelope).length + courseFileEntries(manifest).reduce((sum, f) => sum + f.size, 0);
}

/**
 * Reads a course file's head and checks it: the magic, the format, the envelope, its signature,
 * the manifest, and that the file is exactly as long as the manifest says. The caller still
 * decides whether it trusts `envelope.publicKey`, and checks the content files with
 * `checkCourseFileParts`. Throws `CourseFileError`; reads only the head into memory.
 */
export async function readCourseFile(file: Blob): Promise<CourseFileContents> {
  if (file.size < PREAMBLE_BYTES) {
    const start = new Uint8Array(await file.arrayBuffer());
    throw new CourseFileError(
      start.length > 0 && MAGIC_BYTES.subarray(0, start.length).every((b, i) => b === start[i])
        ? 'truncated'
        : 'not_course_file',
    );
  }
  const preamble = new Uint8Array(await file.slice(0, PREAMBLE_BYTES).arrayBuffer());
  if (!MAGIC_BYTES.every((b, i) => b === preamble[i])) throw new CourseFileError('not_course_file');
  if (preamble[MAGIC_BYTES.length] !== COURSE_FILE_FORMAT) throw new CourseFileError('unsupported_format');
  const length = new DataView(preamble.buffer).getUint32(MAGIC_BYTES.length + 1);
  if (length > MAX_ENVELOPE_BYTES) throw new CourseFileError('damaged');
  if (file.size < PREAMBLE_BYTES + length) throw new CourseFileError('truncated');
  const envelope = parseEnvelope(await file.slice(PREAMBLE_BYTES, PREAMBLE_BYTES + length).text());
  let manifest: CourseManifest;
  try {
    manifest = await verifySignedManifest(envelope);
  } catch (err) {
    if (err instanceof ManifestError) throw new CourseFileError(err.reason);
    throw err;
  }
  let offset = PREAMBLE_BYTES + length;
  const parts = courseFileEntries(manifest).map((entry) => {
    const part = { entry, offset };
    offset += entry.size;
    return part;
  });
  if (file.size < offset) throw new CourseFileError('truncated');
  // Bytes after the last file belong to nothing the publisher signed: someone changed the file.
  if (file.size > offset) throw new CourseFileError('damaged');
  return { envelope, manifest, parts, totalBytes: offset };
}

/**
 * Checks the SHA-256 and size of the given parts of a course file against the signed manifest,
 * hashing each file incrementally in slices, so a large video is never in memory whole.
 * Throws `CourseFileError('hash_mismatch', path)`.
 */
export async function checkCourseFileParts(
  file: Blob,
  parts: CourseFilePart[],
  onChecked: (bytes: number) => void = () => {},
): Promise<void> {
  for (const { entry, offset } of parts) {
    const hash = sha256.create();
    let read = 0;
    for (let at = offset; at < offset + entry.size; at += HASH_SLICE_BYTES) {
      const slice = new Uint8Array(
        await file.slice(at, Math.min(at + HASH_SLICE_BYTES, offset + entry.size)).arrayBuffer(),
      );
      hash.update(slice);
      read += slice.length;
      onChecked(slice.length);
    }
    if (read !== entry.size || bytesToHex(hash.digest()) !== entry.hash) {
      throw new CourseFileError('hash_mismatch', entry.path);
    }
  }
}

function parseEnvelope(text: string): SignedManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CourseFileError('damaged');
  }
  const parsed = v.safeParse(SignedManifestSchema, json);
  if (!parsed.success) throw new CourseFileError('damaged');
  return parsed.output;
}
