import Papa from 'papaparse';
import { MAX_IMPORT_ROWS, type ImportRejectReason } from '../../shared/monitoring/learner-import';
import { CsvFileError } from './decode-csv-text';

export type LearnerField = 'name' | 'username' | 'desaCode' | 'jabatan' | 'phone' | 'nip';

/** Header spellings operators use, Indonesian first; compared lowercased with spaces/underscores/dashes removed. */
const ALIASES: Record<string, LearnerField> = {
  nama: 'name',
  namalengkap: 'name',
  name: 'name',
  username: 'username',
  namapengguna: 'username',
  pengguna: 'username',
  kodedesa: 'desaCode',
  desa: 'desaCode',
  kodewilayah: 'desaCode',
  desacode: 'desaCode',
  jabatan: 'jabatan',
  position: 'jabatan',
  telepon: 'phone',
  telp: 'phone',
  nohp: 'phone',
  nomorhp: 'phone',
  hp: 'phone',
  phone: 'phone',
  nip: 'nip',
};
const REQUIRED: LearnerField[] = ['name', 'username', 'desaCode', 'jabatan'];
const MAX_LENGTH: Record<LearnerField, number> = {
  name: 200,
  username: 64,
  desaCode: 13,
  jabatan: 100,
  phone: 20,
  nip: 18,
};

export interface LearnerCandidate {
  line: number;
  username: string;
  name: string;
  desaCode: string;
  jabatan: string;
  phone: string | null;
  nip: string | null;
}

export type ParsedRow =
  | { ok: true; candidate: LearnerCandidate }
  | { ok: false; line: number; username: string; reason: ImportRejectReason; message: string };

const normaliseHeader = (h: string) => h.toLowerCase().replace(/[\s_\-.]/g, '');

/**
 * Parses the enrolment CSV (`,` `;` or tab, as Excel writes it in any locale) and checks each row's
 * format on its own; checks against the database (known desa, taken usernames) come later.
 * Throws `CsvFileError` only for what spoils the whole file: bad quoting, missing columns, too many rows.
 */
export function parseLearnerCsv(text: string): { rows: ParsedRow[]; ignoredColumns: string[] } {
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy', delimitersToGuess: [',', ';', '\t'] });
  const broken = parsed.errors.find((e) => e.type === 'Quotes');
  if (broken) {
    throw new CsvFileError('malformed_csv', `Malformed CSV near data row ${(broken.row ?? 0) + 1}: ${broken.message}`);
  }
  const [header, ...data] = parsed.data;
  if (!header) throw new CsvFileError('empty_file', 'The file is empty');
  if (data.length > MAX_IMPORT_ROWS) {
    throw new CsvFileError('too_many_rows', `${data.length} rows; at most ${MAX_IMPORT_ROWS} per file`);
  }
  const columns = new Map<LearnerField, number>();
  const ignoredColumns: string[] = [];
  header.forEach((cell, i) => {
    const field = ALIASES[normaliseHeader(cell)];
    if (field && !columns.has(field)) columns.set(field, i);
    else if (cell.trim() !== '') ignoredColumns.push(cell.trim());
  });
  const missing = REQUIRED.filter((f) => !columns.has(f));
  if (missing.length > 0) {
    throw new CsvFileError(
      'missing_columns',
      `Missing column(s): ${missing.join(', ')}; the header needs nama, username, kode_desa, jabatan (telepon, nip optional)`,
    );
  }
  // Line numbers count from the header as line 1; a quoted value spanning lines is rare enough
  // in enrolment lists that row index + 2 is what the operator sees in Excel.
  const rows = data.map((cells, i) => checkRow(cells, i + 2, columns, header.length));
  return { rows, ignoredColumns };
}

function checkRow(cells: string[], line: number, columns: Map<LearnerField, number>, width: number): ParsedRow {
  const get = (f: LearnerField) => {
    const i = columns.get(f);
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  const username = get('username').toLowerCase();
  const reject = (reason: ImportRejectReason, message: string): ParsedRow => ({
    ok: false,
    line,
    username,
    reason,
    message,
  });
  if (cells.length > width && cells.slice(width).some((c) => c.trim() !== '')) {
    return reject('malformed_row', `${cells.length} cells but the header has ${width}; check separators and quotes`);
  }
  for (const field of REQUIRED) if (get(field) === '') return reject('missing_field', `Missing ${field}`);
  for (const field of Object.keys(MAX_LENGTH) as LearnerField[]) {
    if (get(field).length > MAX_LENGTH[field]) return reject('too_long', `${field} longer than ${MAX_LENGTH[field]}`);
  }
  if (!/^[a-z0-9][a-z0-9._-]{2,63}$/.test(username)) {
    return reject('invalid_username', 'Use 3–64 lowercase letters, digits, dot, dash or underscore');
  }
  const desaCode = get('desaCode');
  if (!/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/.test(desaCode)) {
    return reject('invalid_desa_code', `"${desaCode}" is not a desa code such as 34.02.01.2001`);
  }
  const phone = get('phone').replace(/[\s-]/g, '');
  if (phone !== '' && !/^\+?\d{8,15}$/.test(phone)) return reject('invalid_phone', 'Phone must be 8–15 digits');
  const nip = get('nip').replace(/\s/g, '');
  if (nip !== '' && !/^\d{18}$/.test(nip)) return reject('invalid_nip', 'NIP must be 18 digits');
  return {
    ok: true,
    candidate: {
      line,
      username,
      name: get('name'),
      desaCode,
      jabatan: get('jabatan'),
      phone: phone || null,
      nip: nip || null,
    },
  };
}
