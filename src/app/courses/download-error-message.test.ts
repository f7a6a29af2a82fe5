import { describe, expect, it } from 'vitest';
import type { DownloadErrorCode } from '../../workers/course-download/download-problem';
import { downloadErrorMessage } from './download-error-message';

const CODES: DownloadErrorCode[] = [
  'offline',
  'unauthorized',
  'course_withdrawn',
  'course_not_found',
  'bad_signature',
  'malformed_manifest',
  'hash_mismatch',
  'truncated',
  'quota_exceeded',
  'server_error',
];

describe('download error messages', () => {
  it('give every failure its own message in Bahasa Indonesia', () => {
    const messages = CODES.map((code) => downloadErrorMessage(code, 'media/rekaman.wav'));
    expect(new Set(messages).size).toBe(CODES.length);
    expect(messages.every((m) => m.length > 20 && !m.includes('{'))).toBe(true);
  });

  it('name the file that was tampered with or cut short, and say the previous version stays', () => {
    expect(downloadErrorMessage('hash_mismatch', 'lessons/05.md')).toBe(
      'Berkas "lessons/05.md" rusak atau telah diubah, jadi unduhan ditolak. Versi sebelumnya tetap dipakai.',
    );
    expect(downloadErrorMessage('truncated', 'media/a.wav')).toContain('"media/a.wav" terpotong');
    expect(downloadErrorMessage('bad_signature')).toContain('Versi sebelumnya tetap dipakai');
    expect(downloadErrorMessage('quota_exceeded')).toContain('Memori ponsel tidak cukup');
    expect(downloadErrorMessage('course_withdrawn')).toContain('ditarik dari katalog');
    expect(downloadErrorMessage('malformed_manifest')).toContain('rusak');
  });
});
