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
    });
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
