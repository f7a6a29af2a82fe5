import { randomBytes } from 'node:crypto';
import { encodeCertificate, type CertificateContent } from '../../shared/certificates/certificate-code';
import type { Queryable } from '../store/store';
import { currentIssuerKey } from './issuer-key';

/** The name printed as the issuer when `LENTERA_ISSUER_NAME` is not set. */
export const DEFAULT_ISSUER_NAME = 'Lentera';
const ID_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no I, O, 0, 1: read aloud and typed without mistakes

/** A new certificate id: 12 characters of a 32-letter alphabet (60 bits), short and URL-safe. */
export function newCertificateId(): string {
  return [...randomBytes(12)].map((b) => ID_ALPHABET[b % 32]).join('');
}

/** Today's date in Western Indonesia Time (WIB), the day printed on a certificate. */
export function issueDay(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(now);
}

/**
 * Issues the certificates earned by `attemptIds`: a graded post-test that passed earns one for its
 * learner and course version, unless they already hold it. Runs in the push transaction after
 * grading; the unique (learner, course, version) constraint keeps it to one under replays,
 * re-grading and two devices pushing at once. An attempt that was stored but not scored (over the
 * attempt limit) has no pass verdict and earns nothing. Returns the number issued.
 */
export async function issueCertificates(
  db: Queryable,
  attemptIds: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  if (attemptIds.length === 0) return 0;
  // `= ANY (ARRAY(…))`, not `IN (SELECT …)`: as a semi-join PostgreSQL may hash the ids against a
  // sequential scan of all attempts, a cost that grows with the table (as in grade-attempts.ts).
  const { rows } = await db.query<{
    attempt_id: string;
    learner_id: string;
    course_id: string;
    course_version: string;
    score: string | number;
    name: string;
    jabatan: string | null;
    desa_code: string | null;
    title: string | null;
  }>(
    `SELECT a.id::text AS attempt_id, a.learner_id::text AS learner_id, a.course_id, a.course_version, a.score,
            u.name, u.jabatan, u.desa_code, COALESCE(v.manifest->>'title', c.title) AS title
       FROM attempts a
       JOIN users u ON u.id = a.learner_id
       LEFT JOIN courses c ON c.id = a.course_id
       LEFT JOIN course_versions v ON v.course_id = a.course_id AND v.version = a.course_version
      WHERE a.id = ANY (ARRAY(SELECT value::uuid FROM jsonb_array_elements_text($1::text::jsonb)))
        AND a.role = 'posttest' AND a.passed IS TRUE AND a.graded_at IS NOT NULL AND a.score IS NOT NULL
        AND NOT a.over_limit
        AND NOT EXISTS (SELECT 1 FROM certificates x WHERE x.learner_id = a.learner_id
                          AND x.course_id = a.course_id AND x.course_version = a.course_version)
      ORDER BY a.finished_at NULLS LAST, a.id`,
    [JSON.stringify([...new Set(attemptIds)])],
  );
  if (rows.length === 0) return 0;
  const key = await currentIssuerKey(db, env);
  const issuer = env.LENTERA_ISSUER_NAME || DEFAULT_ISSUER_NAME;
  const regionNames = await namesOfRegions(
    db,
    rows.map((r) => r.desa_code),
  );
  const seen = new Set<string>();
  let issued = 0;
  for (const row of rows) {
    const earned = `${row.learner_id} ${row.course_id} ${row.course_version}`;
    if (seen.has(earned)) continue; // two passing post-tests in one batch: the first finished counts
    seen.add(earned);
    const region = (level: number) => regionNames.get(prefixOf(row.desa_code, level)) ?? '';
    const content: CertificateContent = {
      id: newCertificateId(),
      learnerName: row.name,
      jabatan: row.jabatan ?? '',
      desa: region(4),
      kecamatan: region(3),
      kabupaten: region(2),
      provinsi: region(1),
      courseTitle: row.title ?? row.course_id,
      courseVersion: row.course_version,
      score: Math.round(Number(row.score) * 10) / 10,
      issuedOn: issueDay(),
      issuer,
    };
    const code = await encodeCertificate(content, key.privateKey, key.kid);
    const inserted = await db.query(
      `INSERT INTO certificates (id, learner_id, course_id, course_version, attempt_id, score, kid, code)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id`,
      [content.id, row.learner_id, row.course_id, row.course_version, row.attempt_id, content.score, key.kid, code],
    );
    issued += inserted.rows.length;
  }
  return issued;
}

/** The first `level` dot-separated parts of a desa code (34.02.01.2001 → 34.02 at level 2). */
function prefixOf(desaCode: string | null, level: number): string {
  return (desaCode ?? '').split('.').slice(0, level).join('.');
}

async function namesOfRegions(db: Queryable, desaCodes: Array<string | null>): Promise<Map<string, string>> {
  const codes = new Set<string>();
  for (const desa of desaCodes) for (const level of [1, 2, 3, 4]) if (desa) codes.add(prefixOf(desa, level));
  if (codes.size === 0) return new Map();
  const { rows } = await db.query<{ code: string; name: string }>(
    `SELECT code, name FROM regions WHERE code IN (SELECT value FROM jsonb_array_elements_text($1::text::jsonb))`,
    [JSON.stringify([...codes])],
  );
  return new Map(rows.map((r) => [r.code, displayName(r.name)]));
}

const ACRONYMS = new Set(['DKI', 'DIY', 'NTB', 'NTT']);

/**
 * The Kemendagri list writes provinsi and kabupaten names in capitals (KABUPATEN BANTUL) and the
 * others in title case; a certificate prints them all in title case ("Kabupaten Bantul").
 */
export function displayName(name: string): string {
  if (name !== name.toUpperCase()) return name;
  return name
    .toLowerCase()
    .split(' ')
    .map((word) =>
      ACRONYMS.has(word.toUpperCase()) ? word.toUpperCase() : word.charAt(0).toUpperCase() + word.slice(1),
    )
    .join(' ');
}
