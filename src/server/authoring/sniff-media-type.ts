import { fileTypeFromBuffer, fileTypeFromStream, type FileTypeResult } from 'file-type';

/** Names file-type gives that mean the same as the type a lesson file is published with. */
const SAME: Record<string, string> = {
  'audio/x-m4a': 'audio/mp4',
  'audio/x-wav': 'audio/wav',
  'audio/vnd.wave': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/opus': 'audio/ogg',
};

/** How much of a file's start the SVG check reads (file-type knows no text formats). */
export const SVG_HEAD_BYTES = 2048;

/**
 * The type the bytes are, from their signature (file-type), or `image/svg+xml` for XML text whose
 * root is `<svg>`; null when they are none of the kinds a lesson may hold.
 */
export async function sniffMediaType(bytes: Uint8Array): Promise<string | null> {
  return classify(await fileTypeFromBuffer(bytes), bytes);
}

/**
 * The same, for a file read as a stream: file-type pulls only the bytes its signatures need (an
 * MP4's first box, an MP3's ID3 tag skipped), so a large video is never read whole. `head` is the
 * file's first `SVG_HEAD_BYTES` (or all of it when shorter), for the SVG check.
 */
export async function sniffMediaStream(stream: ReadableStream<Uint8Array>, head: Uint8Array): Promise<string | null> {
  return classify(await fileTypeFromStream(stream), head);
}

function classify(found: FileTypeResult | undefined, head: Uint8Array): string | null {
  if (found) return SAME[found.mime] ?? found.mime;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, SVG_HEAD_BYTES));
  const body = text
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
