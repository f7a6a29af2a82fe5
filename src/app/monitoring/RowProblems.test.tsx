import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportRowResult } from '../../shared/monitoring/learner-import';
import { setLanguage } from '../i18n/t';
import { RowProblems } from './RowProblems';

const row: ImportRowResult = {
  line: 3,
  username: 'siti',
  status: 'rejected',
  reason: 'missing_field',
  problems: [
    { reason: 'missing_field', column: 'jabatan' },
    { reason: 'invalid_phone', column: 'telepon' },
    { reason: 'malformed_row' },
  ],
  message: 'Missing jabatan; Phone must be 8–15 digits; 7 cells but the header has 6',
};

const shown = () => Array.from(document.body.querySelectorAll('li'), (li) => li.textContent);

describe('RowProblems', () => {
  afterEach(() => {
    render(null, document.body);
    setLanguage('id');
  });

  it('lists every reason of a rejected row in Bahasa Indonesia, with no English server detail', () => {
    setLanguage('id');
    render(<RowProblems row={row} />, document.body);
    expect(shown()).toEqual([
      'Ada kolom wajib yang kosong: kolom jabatan',
      'Nomor telepon tidak sah: kolom telepon',
      'Jumlah kolom tidak sesuai',
    ]);
    expect(document.body.textContent).not.toMatch(/Missing|Phone must/);
  });

  it('lists every reason in English when the interface is English', () => {
    setLanguage('en');
    render(<RowProblems row={row} />, document.body);
    expect(shown()).toEqual([
      'A required field is empty: column jabatan',
      'Invalid phone number: column telepon',
      'Wrong number of cells',
    ]);
  });

  it('shows the single reason an older server sends', () => {
    render(<RowProblems row={{ line: 2, username: 'x', status: 'rejected', reason: 'too_long' }} />, document.body);
    expect(document.body.textContent).toBe('Isian terlalu panjang');
  });
});
