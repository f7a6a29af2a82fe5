import type { LenteraDatabase } from '../../db/database';
import type { FileEntry } from '../../shared/course/manifest';
import { sha256Hex } from '../../shared/course/bytes';
import { DownloadProblem, isQuotaError, problemForStatus } from './download-problem';

export interface FileDownloadContext {
  db: LenteraDatabase;
  downloadId: string;
  token: string;
  chunkBytes: number;
  signal: AbortSignal;
  /** Called after every stored chunk with the bytes added. */
  onBytes: (added: number) => void;
}

/**
 * Fetches one file by HTTP Range chunks, saving every chunk in the download record so a dropped
 * signal or a restart costs at most the chunk in flight; stores the file only when its SHA-256
 * matches the manifest. Throws `DownloadProblem`.
 */
export async function downloadFile(entry: FileEntry, ctx: FileDownloadContext): Promise<void> {
  const { db } = ctx;
  const state = await db.downloads.get(ctx.downloadId);
  const partial = state?.partial?.hash === entry.hash ? state.partial : { hash: entry.hash, parts: 0, received: 0 };
  while (partial.received < entry.size) {
    const chunk = await fetchChunk(entry, partial.received, ctx);
    if (chunk.size === 0) throw new DownloadProblem('truncated', entry.path);
    await write(() =>
      db.transaction('rw', db.files, db.downloads, async () => {
        const key = partKey(entry.hash, partial.parts);
        await db.files.put({ hash: key, blob: chunk, size: chunk.size, type: 'application/octet-stream' });
        partial.parts++;
        partial.received += chunk.size;
        await db.downloads.update(ctx.downloadId, (d) => {
          d.partial = { ...partial };
          d.bytesDone += chunk.size;
          delete d.error; // bytes flow again: no longer "waiting for a signal"
          d.updatedAt = Date.now();
        });
      }),
    );
    ctx.onBytes(chunk.size);
  }
  const keys = Array.from({ length: partial.parts }, (_, n) => partKey(entry.hash, n));
  const parts = await db.files.bulkGet(keys);
  const blob = new Blob(
    parts.map((p) => p?.blob ?? new Blob()),
    { type: entry.type },
  );
  const hash = await sha256Hex(await blob.arrayBuffer());
  if (hash !== entry.hash || blob.size !== entry.size) {
    // A tampered file must not be kept, not even in part: the next attempt starts it afresh.
    await db.transaction('rw', db.files, db.downloads, async () => {
      await db.files.bulkDelete(keys);
      await db.downloads.update(ctx.downloadId, (d) => {
        d.bytesDone -= partial.received;
        delete d.partial;
      });
    });
    throw new DownloadProblem('hash_mismatch', entry.path);
  }
  await write(() =>
    db.transaction('rw', db.files, db.downloads, async () => {
      await db.files.put({ hash, blob, size: blob.size, type: entry.type });
      await db.files.bulkDelete(keys);
      await db.downloads.update(ctx.downloadId, (d) => {
        d.pending = d.pending.filter((h) => h !== hash);
        delete d.partial;
        d.updatedAt = Date.now();
      });
    }),
  );
}

/** Key of chunk `n` of a file still being downloaded; never a valid SHA-256, so never served. */
export function partKey(hash: string, n: number): string {
  return `${hash}.part${String(n).padStart(6, '0')}`;
}

async function write(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (isQuotaError(err)) throw new DownloadProblem('quota_exceeded');
    throw err;
  }
}

async function fetchChunk(entry: FileEntry, start: number, ctx: FileDownloadContext): Promise<Blob> {
  const end = Math.min(start + ctx.chunkBytes, entry.size) - 1;
  let res: Response;
  let body: Blob;
  try {
    res = await fetch(`/api/course-files/${entry.hash}`, {
      headers: { Authorization: `Bearer ${ctx.token}`, Range: `bytes=${start}-${end}` },
      cache: 'no-store',
      signal: ctx.signal,
    });
    if (res.status === 416) throw new DownloadProblem('truncated', entry.path);
    if (!res.ok) throw problemForStatus(res.status);
    body = await res.blob();
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
  if (body.size < entry.size) throw new DownloadProblem('truncated', entry.path);
  return body.slice(start, end + 1);
}
