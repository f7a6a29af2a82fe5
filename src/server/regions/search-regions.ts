import type { Queryable } from '../store/store';

export interface Region {
  code: string;
  parentCode: string | null;
  level: number;
  name: string;
}

export interface SearchRegionsQuery {
  /** A name fragment ("srandakan") or a code prefix ("34.02"). */
  q?: string | undefined;
  /** Only the direct children of this code (the drill-down lists); '' for the provinces. */
  parent?: string | undefined;
  /** Only inside this region (a monitor's scope); undefined for everything. */
  within?: string | undefined;
  limit: number;
}

const CODE_PREFIX = /^\d{1,2}(\.\d{0,4})*$/;
const SELECT = `SELECT code, parent_code AS "parentCode", level::int AS level, name FROM regions`;

/** Escapes LIKE wildcards so a user's `%` or `_` is matched literally. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/**
 * Finds regions by code prefix or by name (case-insensitive; names starting with the text first,
 * higher levels first), optionally restricted to the children of one region or to a scope.
 * @example await searchRegions(db, { q: 'srandakan', limit: 20 })
 */
export async function searchRegions(db: Queryable, query: SearchRegionsQuery): Promise<Region[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replaceAll('$?', `$${params.length}`));
  };
  const q = query.q?.trim().toLowerCase();
  if (query.parent !== undefined) {
    if (query.parent === '') where.push('parent_code IS NULL');
    else add('parent_code = $?', query.parent);
  }
  if (query.within) add(`(code = $? OR code LIKE $? || '.%')`, query.within);
  let order = 'code';
  if (q && CODE_PREFIX.test(q)) {
    add(`code LIKE $? || '%'`, likeEscape(q));
  } else if (q) {
    add(`lower(name) LIKE '%' || $? || '%'`, likeEscape(q));
    order = `(lower(name) LIKE $${params.length} || '%') DESC, level, name, code`;
  }
  params.push(query.limit);
  const sql = `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT $${params.length}`;
  return (await db.query<Region>(sql, params)).rows;
}

/** One region by its exact code, or null when no such code exists. */
export async function findRegion(db: Queryable, code: string): Promise<Region | null> {
  return (await db.query<Region>(`${SELECT} WHERE code = $1`, [code])).rows[0] ?? null;
}
