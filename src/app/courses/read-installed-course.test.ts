import { describe, expect, it, vi } from 'vitest';
import { readInstalledCourse } from './read-installed-course';

const manifest = {
  format: 1,
  id: 'keuangan-desa',
  version: '1.0.0',
  title: 'Pengelolaan Keuangan Desa',
  language: 'id',
  publishedAt: '2026-01-01T00:00:00Z',
  modules: [],
  files: [],
};

describe('readInstalledCourse', () => {
  it('reads a course with a valid manifest', () => {
    expect(readInstalledCourse({ id: 'keuangan-desa', activeVersion: '1.0.0', manifest })).toEqual({
      id: 'keuangan-desa',
      version: '1.0.0',
      manifest,
      absent: [],
    });
  });

  it('keeps the files a text-only download left off, and ignores a damaged list of them', () => {
    const hash = 'a'.repeat(64);
    expect(readInstalledCourse({ id: 'k', activeVersion: '1.0.0', manifest, absent: [hash] })?.absent).toEqual([hash]);
    const damaged = { id: 'k', activeVersion: '1.0.0', manifest, absent: 'x' as unknown as string[] };
    expect(readInstalledCourse(damaged)?.absent).toEqual([]);
  });

  it('treats a damaged manifest as not installed instead of breaking the screens', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(
      readInstalledCourse({ id: 'rusak', activeVersion: '1.0.0', manifest: { ...manifest, modules: 'x' } }),
    ).toBeNull();
    expect(log).toHaveBeenCalledWith('installed course rusak has an unreadable manifest', expect.anything());
    log.mockRestore();
  });
});
