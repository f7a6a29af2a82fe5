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
export interface AuditEntry {
  id: string;
  /** Server time the action was recorded (ISO 8601). */
  at: string;
  actorId: string;
  /** Username of the actor when the account still exists, else null. */
  actorUsername: string | null;
  actorName: string | null;
  action: AuditAction;
  targetType: string;
  targetId: string;
  /** Region the action belongs to (the learner's desa, the new account's region), null for national actions. */
  regionCode: string | null;
  detail: Record<string, unknown>;
}
