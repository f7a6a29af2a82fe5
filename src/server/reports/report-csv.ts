import Papa from 'papaparse';
import type { RegionReport, ReportFigures } from '../../shared/monitoring/region-report';

/**
 * `;` is the default because Excel in an Indonesian locale lists with `;` and writes decimals with
 * a comma; `,` suits English-locale Excel and scripts, with decimal points. docs/monitoring.md.
 */
export type CsvDelimiter = ';' | ',';

const LEVEL_NAMES = ['', 'Provinsi', 'Kabupaten/Kota', 'Kecamatan', 'Desa/Kelurahan'];
const HEADER = [
  'Kode',
  'Nama',
  'Tingkat',
  'Peserta terdaftar',
  'Aktif 30 hari',
  'Materi selesai',
  'Kursus dimulai',
  'Kursus selesai',
  'Penyelesaian kursus (%)',
  'Rata-rata pre-test',
  'Rata-rata post-test',
  'Peningkatan',
  'Sinkron terakhir (UTC)',
  'Sertifikat terbit',
];

/**
 * A text cell Excel would run as a formula (`=`, `+`, `-`, `@`, tab or CR first) gets a leading `'`.
 * Only text cells: a figure such as -55 must stay a number Excel can sum.
 */
const text = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

/**
 * The report as a CSV file that Excel opens with Indonesian text intact: UTF-8 with a BOM (without
 * it Excel guesses the ANSI code page), CRLF line ends, text cells that look like formulas escaped.
 * @example new Response(reportCsv(report, ';'))
 */
export function reportCsv(report: RegionReport, delimiter: CsvDelimiter): string {
  const num = (n: number | null) => (n === null ? '' : delimiter === ';' ? String(n).replace('.', ',') : String(n));
  const time = (t: string | null) => (t === null ? '' : t.slice(0, 16).replace('T', ' '));
  const figures = (f: ReportFigures) => [
    String(f.learners),
    String(f.active30d),
    String(f.lessonsCompleted),
    String(f.coursesStarted),
    String(f.coursesCompleted),
    num(f.completionPct),
    num(f.pretestAvg),
    num(f.posttestAvg),
    num(f.gain),
    time(f.lastSyncAt),
    String(f.certificates),
  ];
  const rows: string[][] = [
    HEADER,
    [text(report.region.code), text(report.region.name), LEVEL_NAMES[report.region.level]!, ...figures(report.totals)],
    ...report.children.map((c) => [text(c.code), text(c.name), LEVEL_NAMES[c.level]!, ...figures(c)]),
    ...report.learners.map((l) => [
      text(l.username),
      text(l.name),
      text(`Peserta${l.jabatan ? ` (${l.jabatan})` : ''}`),
      ...figures(l),
    ]),
  ];
  // Escaping is done per text cell above; Papa's own escapeFormulae would turn -55 into text.
  const body = Papa.unparse(rows, { delimiter, newline: '\r\n', escapeFormulae: false, quotes: true });
  return `\uFEFF${body}\r\n`;
}
