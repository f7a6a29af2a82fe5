import { extname } from 'node:path';

const TYPES: Record<string, string> = {
  '.md': 'text/markdown',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.pdf': 'application/pdf',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.m4a': 'audio/mp4',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  // Captions of a video lesson (a link to it right after the video becomes its <track>).
  '.vtt': 'text/vtt',
};

/** MIME type of a course file by extension, or null for a type the app cannot show. */
export function mediaType(path: string): string | null {
  return TYPES[extname(path).toLowerCase()] ?? null;
}
