// @vitest-environment node
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type * as DatabaseModule from '../../db/database';
import type { CourseManifest } from '../../shared/course/manifest';

vi.mock('../../db/database', async (importOriginal) => {
  const mod = await importOriginal<typeof DatabaseModule>();
  return { ...mod, db: new mod.LenteraDatabase(`read-course-file-${Math.random()}`) };
});
const { db } = await import('../../db/database');
const { courseFileUrl, courseLinkUrl, MissingCourseFileError, readCourseText, readQuizDocument } =
  await import('./read-course-file');

const put = (hash: string, text: string, type: string) =>
  db.files.put({ hash, blob: new Blob([text], { type }), size: text.length, type });

describe('reading installed course files', () => {
  it('reads a lesson as text and a quiz as a validated QuizDocument', async () => {
    await put('a'.repeat(64), '# Pelajaran\n\nIsi.', 'text/markdown');
    const quiz = {
      id: 'pretest',
      title: 'Pre-test',
      mode: 'ujian',
      questions: [{ id: 'q1', type: 'truefalse', text: 'Benar?' }],
    };
    await put('b'.repeat(64), JSON.stringify(quiz), 'application/json');
    expect(await readCourseText('a'.repeat(64))).toBe('# Pelajaran\n\nIsi.');
    expect(await readQuizDocument('b'.repeat(64))).toEqual(quiz);
  });

  it('throws MissingCourseFileError for a file not on the phone', async () => {
    await expect(readCourseText('c'.repeat(64))).rejects.toBeInstanceOf(MissingCourseFileError);
  });

  it('maps lesson links to the service worker URL of the file', () => {
    const manifest = {
      files: [
        { hash: 'd'.repeat(64), path: 'lessons/01.md', size: 1, type: 'text/markdown' },
        { hash: 'e'.repeat(64), path: 'media/siklus.svg', size: 1, type: 'image/svg+xml' },
      ],
    } as CourseManifest;
    expect(courseLinkUrl(manifest, 'd'.repeat(64), '../media/siklus.svg')).toBe(courseFileUrl('e'.repeat(64)));
    expect(courseFileUrl('e'.repeat(64))).toBe(`/offline/files/${'e'.repeat(64)}`);
    expect(courseLinkUrl(manifest, 'd'.repeat(64), 'https://example.org/x.svg')).toBeNull();
    expect(courseLinkUrl(manifest, 'd'.repeat(64), '../media/hilang.svg')).toBeNull();
  });
});
