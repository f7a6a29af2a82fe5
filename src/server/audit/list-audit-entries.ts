import type { AuditAction, AuditEntry } from '../../shared/audit/audit-action';
import type { Queryable } from '../store/store';
import { jsonbValue } from '../store/jsonb-value';

/** Which entries to read: `scope` '' reads all, a region code reads entries inside that region only. */
export interface AuditQuery {
  scope: string;
  action?: AuditAction;
  /** Read entries older than this id (the previous page's last id). */
  before?: string;
  limit: number;
}

interface AuditRow {
  id: string | number;
  at: Date | string;
  actor_id: string;
  actor_username: string | null;
  actor_name: string | null;
  action: AuditAction;
  target_type: string;
  target_id: string;
  region_code: string | null;
  detail: unknown;
}

/**
 * Reads the audit log newest first. A region scope matches entries whose region lies inside it, so a
 * kabupaten monitor sees the enrolments of all its desa; national entries (region null) are admin's.
 */
export async function listAuditEntries(db: Queryable, query: AuditQuery): Promise<AuditEntry[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.scope !== '') {
    params.push(query.scope, `${query.scope}.%`);
    where.push(`(a.region_code = $${params.length - 1} OR a.region_code LIKE $${params.length})`);
  }
  if (query.action) {
    params.push(query.action);
    where.push(`a.action = $${params.length}`);
  }
  if (query.before) {
    params.push(query.before);
    where.push(`a.id < $${params.length}::bigint`);
  }
  params.push(query.limit);
  const { rows } = await db.query<AuditRow>(
    `SELECT a.id, a.at, a.actor_id, u.username AS actor_username, u.name AS actor_name,
            a.action, a.target_type, a.target_id, a.region_code, a.detail
       FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY a.id DESC
      LIMIT $${params.length}`,
    params,
  );
  return rows.map((r) => ({
    id: String(r.id),
    at: new Date(r.at).toISOString(),
    actorId: r.actor_id,
    actorUsername: r.actor_username,
    actorName: r.actor_name,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    regionCode: r.region_code,
    detail: jsonbValue<Record<string, unknown>>(r.detail),
  }));
}
