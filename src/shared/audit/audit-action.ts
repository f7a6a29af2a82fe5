import * as v from 'valibot';

/**
 * Every staff action the audit log records, named `<target>.<verb>`. The list is closed so a
 * screen can name each action in Bahasa Indonesia and English, and a typo in a route fails the
 * type-check instead of writing an action no filter will ever find.
 */
export const AUDIT_ACTIONS = [
  'staff.create',
  'staff.disable',
  'staff.enable',
  'staff.reset_password',
  'learner.enrol',
  'learner.import',
  'enrolment.reissue',
  'device.revoke',
  'course.publish',
  'course.withdraw',
  'course.import',
  'certificate.revoke',
  'bundle.upload',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export const AuditActionSchema = v.picklist(AUDIT_ACTIONS);

/** One audit log entry as the API answers it. */
export const AuditEntrySchema = v.object({
  id: v.string(),
  at: v.string(),
  actorId: v.string(),
  actorUsername: v.nullable(v.string()),
  actorName: v.nullable(v.string()),
  action: AuditActionSchema,
  targetType: v.string(),
  targetId: v.string(),
  regionCode: v.nullable(v.string()),
  detail: v.record(v.string(), v.unknown()),
});
export type AuditEntry = v.InferOutput<typeof AuditEntrySchema>;

/** Query of `GET /api/audit` (operationId `listAuditLog`). */
export const AuditLogQuerySchema = v.object({
  /** Only entries inside this region; a monitor's default (and limit) is their own region. */
  region: v.optional(
    v.pipe(v.string(), v.regex(/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/, 'a Kemendagri code such as 34.02')),
  ),
  action: v.optional(AuditActionSchema),
  /** The last id of the previous page. */
  before: v.optional(v.pipe(v.string(), v.regex(/^\d{1,18}$/, 'an entry id'))),
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d{1,3}$/, 'a number up to 999'))),
});

export const AuditLogResponseSchema = v.object({
  entries: v.array(AuditEntrySchema),
  /** Pass as `before` for the next page; null on the last page. */
  nextBefore: v.nullable(v.string()),
});
export type AuditLogResponse = v.InferOutput<typeof AuditLogResponseSchema>;
