import * as v from 'valibot';
import { RegionCodeSchema } from '../monitoring/regions';

// Staff accounts as the admin screen manages them (operationIds listStaff, createStaff,
// disableStaff, enableStaff, resetStaffPassword).

/** Every role that is not a learner; operators and monitors are bound to a region. */
export const STAFF_ROLES = ['operator', 'monitor', 'author', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export const StaffRoleSchema = v.picklist(STAFF_ROLES);

/** A role that sees only its own region, so it cannot be created without one. */
export const isRegionalRole = (role: StaffRole) => role === 'operator' || role === 'monitor';

export const StaffAccountSchema = v.object({
  id: v.string(),
  username: v.string(),
  name: v.string(),
  role: StaffRoleSchema,
  regionCode: v.nullable(v.string()),
  /** The region's name, e.g. "Kabupaten Bantul"; null when unbound. */
  regionName: v.nullable(v.string()),
  createdAt: v.string(),
  /** When the account was disabled; null while it may sign in. */
  disabledAt: v.nullable(v.string()),
});
export type StaffAccount = v.InferOutput<typeof StaffAccountSchema>;

export const ListStaffResponseSchema = v.object({ staff: v.array(StaffAccountSchema) });
export type ListStaffResponse = v.InferOutput<typeof ListStaffResponseSchema>;

/** Body of `POST /api/staff`: the server makes the first password and shows it once. */
export const CreateStaffRequestSchema = v.strictObject({
  username: v.pipe(
    v.string(),
    v.trim(),
    v.toLowerCase(),
    v.regex(/^[a-z0-9._-]{3,64}$/, 'username: 3–64 letters, digits, dot, dash or underscore'),
  ),
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120)),
  role: StaffRoleSchema,
  /** Required for operator and monitor; ignored for author and admin (they are national). */
  regionCode: v.optional(RegionCodeSchema),
});
export type CreateStaffRequest = v.InferOutput<typeof CreateStaffRequestSchema>;

/** A new account or a reset: the password is shown once and only its hash is stored. */
export const StaffPasswordResponseSchema = v.object({ account: StaffAccountSchema, password: v.string() });
export type StaffPasswordResponse = v.InferOutput<typeof StaffPasswordResponseSchema>;

export const StaffAccountResponseSchema = v.object({ account: StaffAccountSchema });
export type StaffAccountResponse = v.InferOutput<typeof StaffAccountResponseSchema>;
