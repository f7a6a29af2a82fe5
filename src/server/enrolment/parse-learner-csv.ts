import Papa from 'papaparse';
import {
  IMPORT_COLUMNS,
  MAX_IMPORT_ROWS,
  type ImportColumn,
  type ImportRejectReason,
} from '../../shared/monitoring/learner-import';
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

/** One reason a row cannot be imported, with the column it is about and an English detail. */
export interface RowProblem {
  reason: ImportRejectReason;
  column?: ImportColumn;
  message: string;
}

/**
 * A data row with every format problem found in it (none: it may be imported). The values are
 * kept even when there are problems, so later checks (region, known desa) can add their reasons.
 */
export interface ParsedRow {
  candidate: LearnerCandidate;
  problems: RowProblem[];
}

/** The header name of each field's column, as the operator sees it in the file. */
export const COLUMN_OF: Record<LearnerField, ImportColumn> = {
  name: 'nama',
  username: 'username',
  desaCode: 'kode_desa',
  jabatan: 'jabatan',
  phone: 'telepon',
  nip: 'nip',
};

/** The formats a username and a desa code must have; later checks only look up values of this shape. */
export const USERNAME_FORMAT = /^[a-z0-9][a-z0-9._-]{2,63}$/;
export const DESA_CODE_FORMAT = /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/;

// NUL, and a surrogate without its partner: no PostgreSQL text or json value can hold them.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unstorable = (text: string) => text.includes('\u0000') || LONE_SURROGATE.test(text);

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
  const problems: RowProblem[] = [];
  const problem = (reason: ImportRejectReason, field: LearnerField | null, message: string) =>
    problems.push(field ? { reason, column: COLUMN_OF[field], message } : { reason, message });

  if (cells.length > width && cells.slice(width).some((c) => c.trim() !== '')) {
    problem('malformed_row', null, `${cells.length} cells but the header has ${width}; check separators and quotes`);
  }
  // Every field is checked on its own, so the operator sees all that is wrong with the row at once.
  const fields: LearnerField[] = ['name', 'username', 'desaCode', 'jabatan', 'phone', 'nip'];
  const usable = new Set<LearnerField>();
  for (const field of fields) {
    const value = get(field);
    if (unstorable(value)) problem('invalid_text', field, `${field} holds a NUL or a broken character`);
    else if (value === '' && REQUIRED.includes(field)) problem('missing_field', field, `Missing ${field}`);
    else if (value.length > MAX_LENGTH[field]) problem('too_long', field, `${field} longer than ${MAX_LENGTH[field]}`);
    else usable.add(field);
  }
  const username = get('username').toLowerCase();
  if (usable.has('username') && !USERNAME_FORMAT.test(username)) {
    problem('invalid_username', 'username', 'Use 3–64 lowercase letters, digits, dot, dash or underscore');
  }
  const desaCode = get('desaCode');
  if (usable.has('desaCode') && !DESA_CODE_FORMAT.test(desaCode)) {
    problem('invalid_desa_code', 'desaCode', `"${desaCode}" is not a desa code such as 34.02.01.2001`);
  }
  const phone = get('phone').replace(/[\s-]/g, '');
  if (usable.has('phone') && phone !== '' && !/^\+?\d{8,15}$/.test(phone)) {
    problem('invalid_phone', 'phone', 'Phone must be 8–15 digits');
  }
  const nip = get('nip').replace(/\s/g, '');
  if (usable.has('nip') && nip !== '' && !/^\d{18}$/.test(nip)) problem('invalid_nip', 'nip', 'NIP must be 18 digits');
  // In the file's column order, the way the operator reads the row in Excel.
  const order = (p: RowProblem) => (p.column ? IMPORT_COLUMNS.indexOf(p.column) : -1);
  problems.sort((a, b) => order(a) - order(b));
  return {
    candidate: {
      line,
      username,
      name: get('name'),
      desaCode,
      jabatan: get('jabatan'),
      phone: phone || null,
      nip: nip || null,
    },
    problems,
  };
}
