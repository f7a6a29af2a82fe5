import { randomUUID } from 'node:crypto';
import type { ImportLearnersResponse, ImportRowResult } from '../../shared/monitoring/learner-import';
import { isWithin } from '../regions/region-scope';
import type { Store } from '../store/store';
import {
  DESA_CODE_FORMAT,
  USERNAME_FORMAT,
  type LearnerCandidate,
  type ParsedRow,
  type RowProblem,
} from './parse-learner-csv';

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
 * re-import is a no-op). Every row gets its own result; a rejected row never blocks the others, and
 * lists every reason found in it (format, region, known desa, username), not only the first.
 * `scope` is the caller's region ('' = admin, anywhere).
 */
export async function importLearners(store: Store, rows: ParsedRow[], scope: string): Promise<ImportLearnersResponse> {
  const results = new Map<number, ImportRowResult>();
  const problems = new Map<number, RowProblem[]>(rows.map((r) => [r.candidate.line, [...r.problems]]));
  const add = (c: LearnerCandidate, problem: RowProblem) => problems.get(c.line)!.push(problem);
  const clean = (c: LearnerCandidate) => problems.get(c.line)!.length === 0;
  // Only values of the right shape are looked up: nothing a database column cannot hold reaches SQL.
  const validUsername = (c: LearnerCandidate) => USERNAME_FORMAT.test(c.username);
  const validDesa = (c: LearnerCandidate) => DESA_CODE_FORMAT.test(c.desaCode);
  const all = rows.map((r) => r.candidate);

  const firstLine = new Map<string, number>();
  for (const row of rows) {
    const c = row.candidate;
    if (validDesa(c) && scope !== '' && !isWithin(c.desaCode, scope)) {
      add(c, {
        reason: 'outside_region',
        column: 'kode_desa',
        message: `Desa ${c.desaCode} is outside your region ${scope}`,
      });
    }
    // A later row repeating a username is the duplicate; the first one that passed the format checks keeps it.
    if (!validUsername(c)) continue;
    const earlier = firstLine.get(c.username);
    if (earlier !== undefined) {
      add(c, {
        reason: 'duplicate_username',
        column: 'username',
        message: `Username already used on line ${earlier} of this file`,
      });
    } else if (row.problems.length === 0) firstLine.set(c.username, c.line);
  }

  await store.transaction(async (tx) => {
    const known = await tx.query<{ code: string }>(
      `SELECT code FROM regions WHERE level = 4 AND code IN (SELECT json_array_elements_text($1::text::json))`,
      [JSON.stringify([...new Set(all.filter(validDesa).map((c) => c.desaCode))])],
    );
    const desa = new Set(known.rows.map((r) => r.code));
    const existing = await tx.query<ExistingUser>(
      `SELECT id, username, role, name, desa_code, jabatan, phone, nip FROM users
       WHERE username IN (SELECT json_array_elements_text($1::text::json)) FOR UPDATE`,
      [JSON.stringify([...new Set(all.filter(validUsername).map((c) => c.username))])],
    );
    const byUsername = new Map(existing.rows.map((u) => [u.username, u]));
    for (const c of all) {
      if (validDesa(c) && !desa.has(c.desaCode)) {
        add(c, { reason: 'unknown_desa_code', column: 'kode_desa', message: `No desa with code ${c.desaCode}` });
      }
      const user = validUsername(c) ? byUsername.get(c.username) : undefined;
      if (user && (user.role !== 'learner' || (scope !== '' && !(user.desa_code && isWithin(user.desa_code, scope))))) {
        add(c, { reason: 'username_taken', column: 'username', message: 'The username belongs to another account' });
      }
    }
    const inserts: (LearnerCandidate & { id: string })[] = [];
    const updates: (LearnerCandidate & { id: string })[] = [];
    for (const c of all) {
      if (!clean(c)) continue;
      const user = byUsername.get(c.username);
      if (!user) {
        inserts.push({ ...c, id: randomUUID() });
        results.set(c.line, { line: c.line, username: c.username, status: 'created' });
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
          else {
            results.delete(c.line);
            add(c, {
              reason: 'username_taken',
              column: 'username',
              message: 'The username was just taken by another import',
            });
          }
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

  for (const c of all) {
    const found = problems.get(c.line)!;
    if (found.length === 0) continue;
    results.set(c.line, {
      line: c.line,
      username: c.username,
      status: 'rejected',
      reason: found[0]!.reason,
      problems: found.map(({ reason, column }) => (column ? { reason, column } : { reason })),
      message: found.map((p) => p.message).join('; '),
    });
  }
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
