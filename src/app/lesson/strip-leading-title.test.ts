import { describe, expect, it } from 'vitest';
import { stripLeadingTitle } from './strip-leading-title';

describe('stripLeadingTitle', () => {
  it('removes a first-line level-1 heading and the blank lines after it', () => {
    expect(stripLeadingTitle('# Dasar Hukum\n\nPerencanaan desa…')).toBe('Perencanaan desa…');
  });

  it('keeps level-2 headings and headings that are not first', () => {
    expect(stripLeadingTitle('## Bagian\n\nIsi')).toBe('## Bagian\n\nIsi');
    expect(stripLeadingTitle('Isi\n\n# Judul\n')).toBe('Isi\n\n# Judul\n');
  });
});
