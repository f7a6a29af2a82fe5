import { randomUUID } from 'node:crypto';
import type { ImportLearnersResponse, ImportRowResult } from '../../shared/monitoring/learner-import';
import { isWithin } from '../regions/region-scope';
import type { Store } from '../store/store';
import type { LearnerCandidate, ParsedRow } from './parse-learner-csv';

interface ExistingUser {
  id: string;
  username: string;
  role: string;
  name: string;
  desa_code: string | null;
  jabatan: string | null;
  phone: string | null;
  nip: string | null;
}

const FIELDS = [
  ['name', 'name'],
  ['desaCode', 'desa_code'],
  ['jabatan', 'jabatan'],
  ['phone', 'phone'],
  ['nip', 'nip'],
] as const;

/**
 * Applies checked CSV rows in one transaction: new usernames become learner accounts, existing
 * learners of the caller's region get changed fields updated, identical rows change nothing (so a
 * re-import is a no-op). Every row gets its own result; a rejected row never blocks the others.
 * `scope` is the caller's region ('' = admin, anywhere).
 */
export async function importLearners(store: Store, rows: ParsedRow[], scope: string): Promise<ImportLearnersResponse> {
  const results = new Map<number, ImportRowResult>();
  const reject = (r: { line: number; username: string }, reason: ImportRowResult['reason'], message: string) =>
    results.set(r.line, { line: r.line, username: r.username, status: 'rejected', reason, message });

  const firstLine = new Map<string, number>();
  const candidates: LearnerCandidate[] = [];
  for (const row of rows) {
    if (!row.ok) {
      reject(row, row.reason, row.message);
      continue;
    }
    const c = row.candidate;
    const earlier = firstLine.get(c.username);
    if (earlier !== undefined) {
      reject(c, 'duplicate_username', `Username already used on line ${earlier} of this file`);
      continue;
    }
    firstLine.set(c.username, c.line);
    if (scope !== '' && !isWithin(c.desaCode, scope)) {
      reject(c, 'outside_region', `Desa ${c.desaCode} is outside your region ${scope}`);
      continue;
    }
    candidates.push(c);
  }

  await store.transaction(async (tx) => {
    const known = await tx.query<{ code: string }>(
      `SELECT code FROM regions WHERE level = 4 AND code IN (SELECT json_array_elements_text($1::text::json))`,
      [JSON.stringify([...new Set(candidates.map((c) => c.desaCode))])],
    );
    const desa = new Set(known.rows.map((r) => r.code));
    const existing = await tx.query<ExistingUser>(
      `SELECT id, username, role, name, desa_code, jabatan, phone, nip FROM users
       WHERE username IN (SELECT json_array_elements_text($1::text::json)) FOR UPDATE`,
      [JSON.stringify(candidates.map((c) => c.username))],
    );
    const byUsername = new Map(existing.rows.map((u) => [u.username, u]));
    const inserts: (LearnerCandidate & { id: string })[] = [];
    const updates: (LearnerCandidate & { id: string })[] = [];
    for (const c of candidates) {
      if (!desa.has(c.desaCode)) {
        reject(c, 'unknown_desa_code', `No desa with code ${c.desaCode}`);
        continue;
      }
      const user = byUsername.get(c.username);
      if (!user) {
        inserts.push({ ...c, id: randomUUID() });
        results.set(c.line, { line: c.line, username: c.username, status: 'created' });
        continue;
      }
      if (user.role !== 'learner' || (scope !== '' && !(user.desa_code && isWithin(user.desa_code, scope)))) {
        reject(c, 'username_taken', 'The username belongs to another account');
        continue;
      }
      const changed = FIELDS.filter(([field, column]) => c[field] !== user[column]).map(([field]) => field);
      if (changed.length === 0) {
        results.set(c.line, { line: c.line, username: c.username, status: 'unchanged' });
      } else {
        updates.push({ ...c, id: user.id });
        results.set(c.line, { line: c.line, username: c.username, status: 'updated', changed: [...changed] });
      }
    }
    if (inserts.length > 0) {
      // A concurrent import may have taken a username since the SELECT: that row loses, not the file.
      const inserted = await tx.query<{ username: string }>(
        `INSERT INTO users (id, username, name, role, desa_code, jabatan, phone, nip)
         SELECT id, username, name, 'learner', "desaCode", jabatan, phone, nip
         FROM json_to_recordset($1::text::json)
           AS r(id uuid, username text, name text, "desaCode" text, jabatan text, phone text, nip text)
         ON CONFLICT (username) DO NOTHING RETURNING username`,
        [JSON.stringify(inserts)],
      );
      const done = new Set(inserted.rows.map((r) => r.username));
      const lost = inserts.filter((c) => !done.has(c.username));
      if (lost.length > 0) {
        // The same file sent twice at once: the twin that lost the race finds its own rows there.
        const now = await tx.query<ExistingUser>(
          `SELECT id, username, role, name, desa_code, jabatan, phone, nip FROM users
           WHERE username IN (SELECT json_array_elements_text($1::text::json))`,
          [JSON.stringify(lost.map((c) => c.username))],
        );
        const taken = new Map(now.rows.map((u) => [u.username, u]));
        for (const c of lost) {
          const user = taken.get(c.username);
          const same = user?.role === 'learner' && FIELDS.every(([field, column]) => c[field] === user[column]);
          if (same) results.set(c.line, { line: c.line, username: c.username, status: 'unchanged' });
          else reject(c, 'username_taken', 'The username was just taken by another import');
        }
      }
    }
    if (updates.length > 0) {
      await tx.query(
        `UPDATE users u SET name = r.name, desa_code = r."desaCode", jabatan = r.jabatan, phone = r.phone, nip = r.nip
         FROM json_to_recordset($1::text::json)
           AS r(id uuid, name text, "desaCode" text, jabatan text, phone text, nip text)
         WHERE u.id = r.id`,
        [JSON.stringify(updates)],
      );
    }
  });

  const ordered = [...results.values()].sort((a, b) => a.line - b.line);
  const count = (s: ImportRowResult['status']) => ordered.filter((r) => r.status === s).length;
  return {
    summary: {
      created: count('created'),
      updated: count('updated'),
      unchanged: count('unchanged'),
      rejected: count('rejected'),
    },
    rows: ordered,
    ignoredColumns: [],
  };
}
