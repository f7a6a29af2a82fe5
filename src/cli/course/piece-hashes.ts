import { createHash } from 'node:crypto';
import { FILE_CHUNK_BYTES } from '../../shared/course/manifest';

/**
 * SHA-256 of each `FILE_CHUNK_BYTES` piece of a file (manifest `chunks`), checked by the phone as
 * each piece arrives. The file comes in slices of any size (the whole file from disk for the CLI,
 * stored slices for a draft), so a video read from the store never has to sit in memory whole;
 * the pieces are the same however it is sliced. Returns the hashes and the bytes seen, so a caller
 * can tell a file read back short.
 * @example const { hashes } = await pieceHashes([bytes]);
 */
export async function pieceHashes(
  slices: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
): Promise<{ hashes: string[]; size: number }> {
  const hashes: string[] = [];
  let hash = createHash('sha256');
  let inPiece = 0;
  let size = 0;
  for await (const bytes of slices) {
    for (let at = 0; at < bytes.length;) {
      const take = Math.min(FILE_CHUNK_BYTES - inPiece, bytes.length - at);
      hash.update(bytes.subarray(at, at + take));
      at += take;
      inPiece += take;
      if (inPiece === FILE_CHUNK_BYTES) {
        hashes.push(hash.digest('hex'));
        hash = createHash('sha256');
        inPiece = 0;
      }
    }
    size += bytes.length;
  }
  if (inPiece > 0) hashes.push(hash.digest('hex'));
  return { hashes, size };
}
