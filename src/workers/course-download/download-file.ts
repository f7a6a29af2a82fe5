import type { LenteraDatabase } from '../../db/database';
import type { DownloadState } from '../../db/course-records';
import { FILE_CHUNK_BYTES, type FileEntry } from '../../shared/course/manifest';
import { sha256, type _SHA256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { chunksOf, deleteChunks, storedPrefix } from '../../db/file-chunks';
import { sha256Hex } from '../../shared/course/bytes';
import { localNetworkInit } from '../../shared/hub/local-network-init';
import { DownloadProblem, isQuotaError, problemForStatus } from './download-problem';

/** noble's incremental SHA-256 (`sha256.create()`). */
type Sha256 = _SHA256;

/** Files up to this size are kept as one blob once complete; larger ones stay in their chunks. */
export const WHOLE_FILE_MAX_BYTES = 1024 * 1024;

/**
 * How often one piece whose SHA-256 does not match its manifest `chunks` entry is asked for again
 * before the file fails with `hash_mismatch`: a flipped bit in transit heals, a server that keeps
 * sending the wrong bytes does not.
 */
export const PIECE_REFETCHES = 2;

/**
 * How often, at most, the download's record is rewritten while a file's pieces are stored (besides
 * the first piece of each run and the file's last). Every piece has its own chunk record, which
 * resume reads (`storedPrefix`); the download's record holds the signed manifest, which lists a
 * hash per piece, so rewriting it per piece cloned a record that grows with the file once per piece:
 * the worker's heap then followed the file's size (docs/benchmarks.md, "A phone with a 100 MiB video").
 */
export const RECORD_EVERY_MS = 1000;

/** The running SHA-256 of a file in flight, after its first `received` (stored) bytes. */
export interface HashInProgress {
  received: number;
  hash: Sha256;
  /**
   * The parts of the piece after `received` that arrived but are not checked yet (a piece fetched
   * in several Ranges): kept in memory across a dropped signal, so a cut costs only the Range in
   * flight; an app restart loses them (at most one piece).
   */
  piece?: Uint8Array<ArrayBuffer>[];
}

export interface FileDownloadContext {
  db: LenteraDatabase;
  downloadId: string;
  token: string;
  /** The office hub's origin when the files come from it; '' (the app's own server) otherwise. */
  baseUrl?: string;
  chunkBytes: number;
  /** Range size for a file larger than `WHOLE_FILE_MAX_BYTES` (fewer requests and records); default `chunkBytes`. */
  largeChunkBytes?: number;
  signal: AbortSignal;
  /**
   * Called after every stored chunk with the bytes added and the download's state with that chunk
   * counted (0 and no state: part of a piece arrived, nothing stored yet). The state is the record
   * as last written plus what was stored since (`RECORD_EVERY_MS`), not read again: a read per piece
   * would clone its signed manifest, which grows with the file, into the worker's heap once more.
   */
  onBytes: (added: number, state?: DownloadState) => void;
  /**
   * Running hashes kept across retries of one download run, so a dropped signal does not make the
   * file's stored chunks be hashed again; after an app restart they are rebuilt from the chunks.
   */
  hashes?: Map<string, HashInProgress>;
}

/**
 * Fetches one file by HTTP Range chunks, storing each chunk as it arrives (a dropped signal or a
 * restart costs at most the chunk in flight) and feeding it to a running SHA-256, so the whole file
 * is never in memory. When the manifest lists a SHA-256 per piece (`chunks`), each piece is checked
 * once all of it arrived, before it is stored: a bad one is never stored, only it is fetched again.
 * A file up to `WHOLE_FILE_MAX_BYTES` fetches its pieces in `chunkBytes` Ranges (kept in memory until
 * the piece is whole), so a cut on a slow link costs one small Range, not a whole piece. The file counts as stored only when its SHA-256 and size match the manifest;
 * small files are then joined into one blob, large ones stay in their chunks for Range reads.
 * Throws `DownloadProblem`.
 */
export async function downloadFile(entry: FileEntry, ctx: FileDownloadContext): Promise<void> {
  const { db } = ctx;
  let received = await storedPrefix(db, entry.hash);
  const misaligned = entry.chunks !== undefined && received % FILE_CHUNK_BYTES !== 0 && received < entry.size;
  if (received > entry.size || misaligned) {
    // Longer than the manifest says: not this file. Misaligned: kept by an app from before piece
    // checks, in other-sized chunks, so the piece in progress could not be checked; start afresh.
    await dropStoredChunks(ctx, entry.hash, received);
    received = 0;
  }
  let hash: Sha256;
  ({ hash, received } = await resumeHash(ctx, entry.hash, received));
  let refetches = 0;
  const kept = ctx.hashes?.get(entry.hash);
  let parts = kept?.received === received ? (kept.piece ?? []) : [];
  // A large file's pieces are read into one buffer, used again for each: a fresh buffer per
  // 256 KiB answer left ~30 MB of them for the worker's collector, whatever the file's size
  // (docs/benchmarks.md, "A phone with a 100 MiB video"). Each piece is hashed and copied into its
  // Blob before the next is read. A small file's parts are kept until its piece is whole: fresh ones.
  const reuse: ReadBuffer | undefined = piecesInParts(entry) ? undefined : { buffer: new ArrayBuffer(0) };
  // The record as last written in this run (undefined: not yet; `updatedAt` says when), with the
  // pieces stored since; and the file's stored bytes it counts (its `partial.received`).
  let state = undefined as DownloadState | undefined;
  let saved = received;
  /** Writes the file's stored bytes (`to`) into the download's record. */
  const saveProgress = async (to: number) => {
    await db.downloads.update(ctx.downloadId, (d) => {
      d.bytesDone += to - counted(d, entry.hash, saved);
      d.partial = { hash: entry.hash, received: to };
      delete d.error; // bytes flow again: no longer "waiting for a signal"
      d.updatedAt = Date.now();
      state = d;
    });
    saved = to;
  };
  try {
    while (received < entry.size) {
      const part = await fetchChunk(entry, received + byteLength(parts), ctx, reuse);
      if (part.length === 0) throw new DownloadProblem('truncated', entry.path);
      let bytes = part;
      if (piecesInParts(entry)) {
        // A shorter answer than asked is fine here: the next Range starts where it ended.
        parts.push(part);
        if (received + byteLength(parts) < Math.min(received + FILE_CHUNK_BYTES, entry.size)) {
          ctx.hashes?.set(entry.hash, { received, hash, piece: parts });
          ctx.onBytes(0);
          continue; // the rest of the piece first: it is checked whole
        }
        bytes = parts.length === 1 ? part : joinParts(parts);
        parts = [];
      }
      const bad = await pieceProblem(entry, received, bytes);
      if (bad) {
        ctx.hashes?.set(entry.hash, { received, hash });
        if (++refetches > PIECE_REFETCHES) throw new DownloadProblem(bad, entry.path);
        continue; // not stored, not counted: the same piece is asked for again
      }
      refetches = 0;
      // Hash a copy first: if storing fails (disk full, closed), the running hash must not include it.
      const next = hash.clone().update(bytes);
      const start = received;
      // The record is written with the chunk on the run's first piece (bytes flow again: the error
      // goes) and the file's last (its end then counts it whole), between them at most every
      // RECORD_EVERY_MS; the chunk always.
      const saveRecord =
        !state || start + bytes.length === entry.size || Date.now() - state.updatedAt >= RECORD_EVERY_MS;
      await write(() =>
        db.transaction('rw', db.fileChunks, db.downloads, async () => {
          await db.fileChunks.put({ hash: entry.hash, start, blob: new Blob([bytes]) });
          if (saveRecord) await saveProgress(start + bytes.length);
        }),
      );
      hash.destroy();
      hash = next;
      received += bytes.length;
      ctx.hashes?.set(entry.hash, { received, hash });
      // What the card shows: the record as last written, with the pieces stored since.
      if (!saveRecord) {
        state!.bytesDone += bytes.length;
        state!.partial = { hash: entry.hash, received };
      }
      ctx.onBytes(bytes.length, state);
    }
  } catch (err) {
    // Stopped (paused, cut, failed): the record counts what was stored, for the card and the retry.
    if (received !== saved) await saveProgress(received).catch(() => undefined);
    throw err;
  }
  ctx.hashes?.delete(entry.hash);
  const digest = bytesToHex(hash.digest());
  if (digest !== entry.hash || received !== entry.size) {
    // A tampered file must not be kept, not even in part: the next attempt starts it afresh.
    await db.transaction('rw', db.fileChunks, db.downloads, async () => {
      await deleteChunks(db, entry.hash);
      await db.downloads.update(ctx.downloadId, (d) => {
        d.bytesDone = Math.max(0, d.bytesDone - received);
        delete d.partial;
      });
    });
    throw new DownloadProblem('hash_mismatch', entry.path);
  }
  await write(() =>
    db.transaction('rw', db.files, db.fileChunks, db.downloads, async () => {
      if (entry.size <= WHOLE_FILE_MAX_BYTES) {
        const blob = new Blob(
          (await chunksOf(db, entry.hash)).map((c) => c.blob),
          { type: entry.type },
        );
        await db.files.put({ hash: digest, blob, size: entry.size, type: entry.type });
        await deleteChunks(db, entry.hash);
      } else {
        await db.files.put({ hash: digest, size: entry.size, type: entry.type, chunked: true });
      }
      await db.downloads.update(ctx.downloadId, (d) => {
        d.pending = d.pending.filter((h) => h !== digest);
        delete d.partial;
        d.updatedAt = Date.now();
      });
    }),
  );
}

/**
 * The bytes of `fileHash` that `d.bytesDone` counts: its `partial.received`, which may be behind
 * the stored chunks after an app was closed between two record writes (`RECORD_EVERY_MS`);
 * `fallback` when the record names no file of this hash.
 */
function counted(d: DownloadState, fileHash: string, fallback: number): number {
  return d.partial?.hash === fileHash ? d.partial.received : fallback;
}

/**
 * Why a piece does not match its signed SHA-256 in the manifest's `chunks` (null when it does, or
 * when the manifest has no per-piece hashes and the whole file is checked at its end).
 */
async function pieceProblem(
  entry: FileEntry,
  start: number,
  bytes: Uint8Array<ArrayBuffer>,
): Promise<'truncated' | 'hash_mismatch' | null> {
  if (!entry.chunks) return null;
  const expected = Math.min(FILE_CHUNK_BYTES, entry.size - start);
  if (bytes.length < expected) return 'truncated';
  if (bytes.length > expected) return 'hash_mismatch';
  // WebCrypto, native: the running file hash (noble, incremental) already costs one JS pass per byte.
  return (await sha256Hex(bytes)) === entry.chunks[start / FILE_CHUNK_BYTES] ? null : 'hash_mismatch';
}

/** Forgets the stored chunks of a file in flight (and the progress they counted for). */
async function dropStoredChunks(ctx: FileDownloadContext, fileHash: string, received: number): Promise<void> {
  await ctx.db.transaction('rw', ctx.db.fileChunks, ctx.db.downloads, async () => {
    await deleteChunks(ctx.db, fileHash);
    await ctx.db.downloads.update(ctx.downloadId, (d) => {
      d.bytesDone = Math.max(0, d.bytesDone - Math.min(counted(d, fileHash, received), d.bytesDone));
      delete d.partial;
    });
  });
}

/**
 * The running hash after `received` stored bytes: kept from this run, or rebuilt chunk by chunk.
 * A stored chunk the browser can no longer read (its blob lost in a crash) costs the file's chunks:
 * it starts again from byte 0 rather than never finishing.
 */
async function resumeHash(
  ctx: FileDownloadContext,
  fileHash: string,
  received: number,
): Promise<{ hash: Sha256; received: number }> {
  const kept = ctx.hashes?.get(fileHash);
  if (kept?.received === received) return kept;
  const hash = sha256.create();
  if (received === 0) return { hash, received };
  try {
    for (const chunk of await chunksOf(ctx.db, fileHash)) {
      if (chunk.start >= received) break;
      hash.update(new Uint8Array(await chunk.blob.arrayBuffer()));
    }
    return { hash, received };
  } catch (err) {
    if (isQuotaError(err)) throw new DownloadProblem('quota_exceeded');
    await dropStoredChunks(ctx, fileHash, received);
    return { hash: sha256.create(), received: 0 };
  }
}

async function write(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (isQuotaError(err)) throw new DownloadProblem('quota_exceeded');
    throw err;
  }
}

/** A buffer a file's Ranges are read into, one after another (`readBody`). */
interface ReadBuffer {
  buffer: ArrayBuffer;
}

/**
 * The body's bytes: into `reuse`'s buffer when given (valid only until the next read into it), by
 * a BYOB reader, which fills the buffer in place. The buffer holds one byte more than `size`, so a
 * longer answer shows as longer (the caller refuses it) without being read any further. Without
 * `reuse`, or where the body cannot be read that way, a fresh buffer as `arrayBuffer()` gives it.
 */
async function readBody(res: Response, size: number, reuse?: ReadBuffer): Promise<Uint8Array<ArrayBuffer>> {
  let reader: ReadableStreamBYOBReader | undefined;
  try {
    reader = reuse && res.body?.getReader({ mode: 'byob' });
  } catch {
    // not a byte stream here
  }
  if (!reuse || !reader) return new Uint8Array(await res.arrayBuffer());
  // A read detaches the buffer it was given and hands it back in `value`; one lost to a failed read
  // (byteLength 0) is made again.
  let buffer = reuse.buffer.byteLength > size ? reuse.buffer : new ArrayBuffer(size + 1);
  reuse.buffer = new ArrayBuffer(0);
  let length = 0;
  while (length < buffer.byteLength) {
    const { done, value } = await reader.read(new Uint8Array(buffer, length));
    if (value) [buffer, length] = [value.buffer, length + value.byteLength];
    if (done) break;
  }
  if (length === buffer.byteLength) void reader.cancel();
  reuse.buffer = buffer;
  return new Uint8Array(buffer, 0, length);
}

async function fetchChunk(
  entry: FileEntry,
  start: number,
  ctx: FileDownloadContext,
  reuse?: ReadBuffer,
): Promise<Uint8Array<ArrayBuffer>> {
  const step = entry.size > WHOLE_FILE_MAX_BYTES ? (ctx.largeChunkBytes ?? ctx.chunkBytes) : ctx.chunkBytes;
  // A file with per-piece hashes: a large one is fetched exactly on its pieces (one Range, one
  // record each, as its Range size is the piece's); a smaller one in `chunkBytes` Ranges, none
  // crossing the end of a piece.
  const limit = piecesInParts(entry)
    ? Math.min(step, FILE_CHUNK_BYTES - (start % FILE_CHUNK_BYTES))
    : entry.chunks
      ? FILE_CHUNK_BYTES
      : step;
  const end = Math.min(start + limit, entry.size) - 1;
  let res: Response;
  let body: Uint8Array<ArrayBuffer>;
  try {
    const url = `${ctx.baseUrl ?? ''}/api/course-files/${entry.hash}`;
    res = await fetch(
      url,
      localNetworkInit(url, {
        headers: { Authorization: `Bearer ${ctx.token}`, Range: `bytes=${start}-${end}` },
        cache: 'no-store',
        signal: ctx.signal,
      }),
    );
    if (res.status === 416) throw new DownloadProblem('truncated', entry.path);
    if (!res.ok) throw problemForStatus(res.status);
    // Only a Range answer fits the buffer; a whole file sent instead is read as it is.
    body = await readBody(res, end - start + 1, res.status === 206 ? reuse : undefined);
  } catch (err) {
    if (err instanceof DownloadProblem) throw err;
    throw new DownloadProblem('offline'); // the signal dropped mid-request or mid-body
  }
  if (res.status === 206) {
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(res.headers.get('content-range') ?? '');
    if (!range || Number(range[1]) !== start) throw new DownloadProblem('server_error');
    if (Number(range[3]) < entry.size) throw new DownloadProblem('truncated', entry.path);
    if (Number(range[3]) > entry.size) throw new DownloadProblem('hash_mismatch', entry.path);
    return body;
  }
  // The server ignored Range and sent the whole file: keep only the part we still lack.
  if (body.length < entry.size) throw new DownloadProblem('truncated', entry.path);
  return body.slice(start, end + 1);
}

/**
 * A file with pieces that is fetched in Ranges smaller than a piece: one up to 1 MiB, whose Range
 * size is 64 KiB on a phone (a 2G cut then costs 64 KiB, not a 256 KiB piece). A larger file is
 * fetched in 256 KiB Ranges anyway, exactly its pieces.
 */
const piecesInParts = (entry: FileEntry) => entry.chunks !== undefined && entry.size <= WHOLE_FILE_MAX_BYTES;

const byteLength = (parts: readonly Uint8Array[]) => parts.reduce((sum, p) => sum + p.length, 0);

function joinParts(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(byteLength(parts));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
