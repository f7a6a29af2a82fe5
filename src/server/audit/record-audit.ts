import type { AuditAction } from '../../shared/audit/audit-action';
import type { Queryable } from '../store/store';

/** What a route tells the audit log about one staff action. */
export interface AuditRecord {
  /** The signed-in account that did it (`c.var.account.id`). */
  actorId: string;
  action: AuditAction;
  /** What was acted on: `user`, `learner`, `course`, `device`, `certificate`, `bundle`, … */
  targetType: string;
  targetId: string;
  /** The region the action belongs to (a learner's desa, a staff account's region); null when national. */
  regionCode: string | null;
  /** Small facts worth keeping (a course version, a row count); never a password or a code. */
  detail?: Record<string, unknown>;
}

/**
 * Appends one entry to the audit log. Pass the transaction handle when the action runs in one, so
 * the entry commits or rolls back with what it describes.
 */
export async function recordAudit(db: Queryable, entry: AuditRecord): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (actor_id, action, target_type, target_id, region_code, detail)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
    [
      entry.actorId,
      entry.action,
      entry.targetType,
      entry.targetId,
      entry.regionCode,
      JSON.stringify(entry.detail ?? {}),
    ],
  );
}
