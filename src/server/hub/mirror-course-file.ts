import { createHash, randomUUID, type Hash } from 'node:crypto';
import { FILE_CHUNK_BYTES, type FileEntry } from '../../shared/course/manifest';
import { SLICE_BYTES } from '../courses/course-file-body';
import { HEX } from '../courses/read-course-file';
import { storeCourseFile } from '../courses/store-course-file';
import { log } from '../log';
import type { Store } from '../store/store';
import { openHubCourseFile, type UpstreamClient } from './upstream-client';

/** A transfer that brings no byte for this long is ended (and resumed next round); a slow one is not. */
const STALL_MS = 60_000;

interface FetchState {
  chunkSet: string;
  chunkBytes: number;
  received: number;
}

/**
 * Brings one course file down the uplink into the hub's store, resumably inside the file: bytes
 * are asked for from where the hub's copy stops (`Range: bytes=<received>-`) and written as they
 * arrive, one whole 1 MiB slice per transaction (migration 0023), so a cut link or a killed hub
 * loses at most the slice in flight. Each slice's 256 KiB pieces are checked against the
 * manifest's `chunks` before it is written; the whole file against its SHA-256 at the end. Only
 * then does it become a course file a phone can be served. Memory holds one slice, never the file.
 * A refused piece is not written (the next round asks for it again); a whole file that does not
 * hash right is discarded. Every failure is logged with how far the file got, and thrown.
 * Returns false when the hub already held the file.
 * @example await mirrorCourseFile(store, client, manifest.files[0])
 */
export async function mirrorCourseFile(store: Store, client: UpstreamClient, file: FileEntry): Promise<boolean> {
  const held = await store.query(`SELECT 1 FROM course_files WHERE hash = $1`, [file.hash]);
  if (held.rows.length > 0) return false;
  if (file.size === 0) {
    if (createHash('sha256').digest('hex') !== file.hash) throw new Error(`course file ${file.hash} cannot be empty`);
    await storeCourseFile(store, file.hash, new Uint8Array(0), file.type);
    return true;
  }
  const state = await startFetch(store, file);
  const hash = await rehashStored(store, file, state);
  try {
    if (state.received < file.size) await download(store, client, file, state, hash);
  } catch (err) {
    log('warn', 'hub course file interrupted, resumable', {
      hash: file.hash,
      received: state.received,
      size: file.size,
      err: err instanceof Error ? err.message : String(err),
    });
    throw err;
  }
  const actual = hash.digest('hex');
  if (actual !== file.hash) {
    await discardFetch(store, file.hash);
    log('warn', 'hub course file refused: its bytes do not match its hash; discarded, fetched again next round', {
      hash: file.hash,
      actual,
      size: file.size,
    });
    throw new Error(`course file ${file.hash} arrived as ${actual}: discarded`);
  }
  await store.transaction(async (tx) => {
    // Whoever deletes the fetch row completes it; a second mirror racing this one finds it gone.
    const { rows: mine } = await tx.query(
      `DELETE FROM hub_file_fetches WHERE hash = $1 AND chunk_set = $2::text::uuid RETURNING hash`,
      [file.hash, state.chunkSet],
    );
    if (mine.length === 0) return;
    const { rows } = await tx.query(
      `INSERT INTO course_files (hash, size, type, chunk_set, chunk_bytes) VALUES ($1, $2, $3, $4::text::uuid, $5)
       ON CONFLICT (hash) DO NOTHING RETURNING hash`,
      [file.hash, file.size, file.type, state.chunkSet, state.chunkBytes],
    );
    if (rows.length === 0) {
      await tx.query(`DELETE FROM course_file_chunks WHERE chunk_set = $1::text::uuid`, [state.chunkSet]);
    }
  });
  return true;
}

/** The file's fetch in progress, or a new one from byte 0. */
async function startFetch(store: Store, file: FileEntry): Promise<FetchState> {
  await store.query(
    `INSERT INTO hub_file_fetches (hash, size, type, chunk_set, chunk_bytes) VALUES ($1, $2, $3, $4::text::uuid, $5)
     ON CONFLICT (hash) DO NOTHING`,
    [file.hash, file.size, file.type, randomUUID(), SLICE_BYTES],
  );
  const { rows } = await store.query<{ chunk_set: string; chunk_bytes: number; received: string | number }>(
    `SELECT chunk_set::text AS chunk_set, chunk_bytes, received FROM hub_file_fetches WHERE hash = $1`,
    [file.hash],
  );
  const row = rows[0];
  if (!row) throw new Error(`course file ${file.hash}: its fetch vanished (another mirror finished it?)`);
  return { chunkSet: row.chunk_set, chunkBytes: row.chunk_bytes, received: Number(row.received) };
}

/**
 * The SHA-256 state over the slices already stored (a hash state cannot be saved, so a resumed
 * fetch reads its own slices back from the local store, one at a time). A slice missing or short
 * moves `received` back to it.
 */
async function rehashStored(store: Store, file: FileEntry, state: FetchState): Promise<Hash> {
  const hash = createHash('sha256');
  // Rounded up: a fetch killed after its short last slice has received = size, not a slice boundary.
  const slices = Math.ceil(state.received / state.chunkBytes);
  for (let seq = 0; seq < slices; seq++) {
    const { rows } = await store.query<{ data: string }>(
      `SELECT ${HEX('data')} AS data FROM course_file_chunks WHERE chunk_set = $1::text::uuid AND seq = $2`,
      [state.chunkSet, seq],
    );
    const bytes = rows[0] ? Buffer.from(rows[0].data, 'hex') : null;
    const expected = Math.min(state.chunkBytes, file.size - seq * state.chunkBytes);
    if (!bytes || bytes.length !== expected) {
      await rewind(store, file.hash, state, seq * state.chunkBytes);
      break;
    }
    hash.update(bytes);
  }
  if (state.received > 0) {
    log('info', 'hub course file resumes', { hash: file.hash, from: state.received, size: file.size });
  }
  return hash;
}

/** Reads the rest of the file from the uplink, writing each whole slice as it completes. */
async function download(
  store: Store,
  client: UpstreamClient,
  file: FileEntry,
  state: FetchState,
  hash: Hash,
): Promise<void> {
  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(new Error(`no byte for ${STALL_MS} ms`)), STALL_MS);
  const alive = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new Error(`no byte for ${STALL_MS} ms`)), STALL_MS);
  };
  try {
    // A 416 (upstream holds fewer bytes than the manifest says) is thrown like any other failure and
    // the slices stay: starting over would pull the whole file down again every round to no end.
    const res = await openHubCourseFile(client, file.hash, state.received, controller.signal);
    if (state.received > 0 && !startsAt(res, state.received)) {
      // An uplink that ignores the range sends the whole file: start it again without one next round.
      await res.body?.cancel().catch(() => {});
      if (res.status === 200) await rewind(store, file.hash, state, 0);
      throw new Error(`asked from byte ${state.received}, answered ${res.status} ${res.headers.get('content-range')}`);
    }
    if (!res.body) throw new Error('no body');
    const reader = res.body.getReader();
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    try {
      while (state.received < file.size) {
        const { done, value } = await reader.read();
        if (done) break;
        alive();
        for (let at = 0; at < value.length && state.received < file.size;) {
          const sliceBytes = Math.min(state.chunkBytes, file.size - state.received);
          const take = Math.min(sliceBytes - pendingBytes, value.length - at);
          pending.push(value.subarray(at, at + take));
          pendingBytes += take;
          at += take;
          if (pendingBytes < sliceBytes) continue;
          const slice = Buffer.concat(pending);
          pending = [];
          pendingBytes = 0;
          checkPieces(file, state, slice);
          await writeSlice(store, file.hash, state, slice);
          hash.update(slice);
          state.received += slice.length;
        }
      }
    } finally {
      await reader.cancel().catch(() => {});
    }
    if (state.received < file.size) throw new Error(`the answer ended at byte ${state.received + pendingBytes}`);
  } finally {
    clearTimeout(timer);
  }
}

function startsAt(res: Response, offset: number): boolean {
  return res.status === 206 && (res.headers.get('content-range') ?? '').startsWith(`bytes ${offset}-`);
}

/** The manifest's per-piece SHA-256s for the pieces of this slice (cheap: they are hashed anyway). */
function checkPieces(file: FileEntry, state: FetchState, slice: Buffer) {
  if (!file.chunks || state.chunkBytes % FILE_CHUNK_BYTES !== 0) return;
  const first = state.received / FILE_CHUNK_BYTES;
  for (let i = 0; i * FILE_CHUNK_BYTES < slice.length; i++) {
    const piece = slice.subarray(i * FILE_CHUNK_BYTES, (i + 1) * FILE_CHUNK_BYTES);
    if (createHash('sha256').update(piece).digest('hex') !== file.chunks[first + i]) {
      throw new Error(`piece ${first + i} does not match its SHA-256 in the manifest: refused, not stored`);
    }
  }
}

/** One slice and the new `received`, together: a kill between the two cannot happen. */
async function writeSlice(store: Store, fileHash: string, state: FetchState, slice: Buffer) {
  await store.transaction(async (tx) => {
    const { rows } = await tx.query(
      `UPDATE hub_file_fetches SET received = $3, updated_at = now()
       WHERE hash = $1 AND chunk_set = $2::text::uuid AND received = $4 RETURNING hash`,
      [fileHash, state.chunkSet, state.received + slice.length, state.received],
    );
    if (rows.length === 0) throw new Error(`another mirror moved the fetch of ${fileHash}`);
    // As base64 text: PGlite takes a bytea parameter about ten times slower (put-upload-chunk.ts).
    await tx.query(
      `INSERT INTO course_file_chunks (chunk_set, seq, data) VALUES ($1::text::uuid, $2, decode($3, 'base64'))`,
      [state.chunkSet, state.received / state.chunkBytes, slice.toString('base64')],
    );
  });
}

/** Moves the fetch back to `offset` (a slice boundary), dropping the slices from there on. */
async function rewind(store: Store, fileHash: string, state: FetchState, offset: number) {
  await store.transaction(async (tx) => {
    await tx.query(`DELETE FROM course_file_chunks WHERE chunk_set = $1::text::uuid AND seq >= $2`, [
      state.chunkSet,
      offset / state.chunkBytes,
    ]);
    await tx.query(`UPDATE hub_file_fetches SET received = $2, updated_at = now() WHERE hash = $1`, [fileHash, offset]);
  });
  state.received = offset;
}

/** Drops a fetch and its slices: the next round starts the file from byte 0. */
async function discardFetch(store: Store, fileHash: string) {
  await store.transaction(async (tx) => {
    await tx.query(
      `DELETE FROM course_file_chunks WHERE chunk_set IN (SELECT chunk_set FROM hub_file_fetches WHERE hash = $1)`,
      [fileHash],
    );
    await tx.query(`DELETE FROM hub_file_fetches WHERE hash = $1`, [fileHash]);
  });
}

/**
 * Drops the fetches of files no latest version lists any more (a version superseded or a course
 * withdrawn while its file was on the way): nothing would ever finish them.
 */
export async function dropStaleFetches(store: Store, wanted: ReadonlySet<string>): Promise<number> {
  const { rows } = await store.query<{ hash: string }>(`SELECT hash FROM hub_file_fetches`);
  const stale = rows.map((r) => r.hash).filter((hash) => !wanted.has(hash));
  for (const hash of stale) await discardFetch(store, hash);
  return stale.length;
}
