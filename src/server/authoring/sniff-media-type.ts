import { fileTypeFromBuffer } from 'file-type';

/** Names file-type gives that mean the same as the type a lesson file is published with. */
const SAME: Record<string, string> = {
  'audio/x-m4a': 'audio/mp4',
  'audio/x-wav': 'audio/wav',
  'audio/vnd.wave': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/opus': 'audio/ogg',
};

/**
 * The type the bytes are, from their signature (file-type), or `image/svg+xml` for XML text whose
 * root is `<svg>`; null when they are none of the kinds a lesson may hold.
 */
export async function sniffMediaType(bytes: Uint8Array): Promise<string | null> {
  const found = await fileTypeFromBuffer(bytes);
  if (found) return SAME[found.mime] ?? found.mime;
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 2048));
  const body = head
    .replace(/^\uFEFF/, '')
    .replace(/<\?xml[\s\S]*?\?>/, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<!DOCTYPE[^>]*>/i, '')
    .trimStart();
  return /^<svg[\s>]/i.test(body) ? 'image/svg+xml' : null;
}

/** True when sniffed bytes can be served as `expected` (an .m4a is an MP4 container too). */
export function sniffedMatches(expected: string, sniffed: string | null): boolean {
  if (sniffed === expected) return true;
  return expected === 'audio/mp4' && sniffed === 'video/mp4';
}
