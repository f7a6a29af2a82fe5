import * as v from 'valibot';
import { RoleSchema } from './roles';
import { UuidSchema } from './sync/uuid';

/** Body of `POST /api/auth/login` (operationId `login`). */
export const LoginRequestSchema = v.strictObject({
  username: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.minLength(1), v.maxLength(64)),
  password: v.pipe(v.string(), v.minLength(1), v.maxLength(256)),
  /** A stable id the device generated for itself; sessions are per device so one can be revoked alone. */
  deviceId: v.optional(UuidSchema),
});
export type LoginRequest = v.InferOutput<typeof LoginRequestSchema>;

export const AccountSchema = v.object({
  id: v.string(),
  username: v.string(),
  name: v.string(),
  role: RoleSchema,
  desaCode: v.nullable(v.string()),
});
export type Account = v.InferOutput<typeof AccountSchema>;

export const LoginResponseSchema = v.object({
  token: v.string(),
  expiresAt: v.string(),
  account: AccountSchema,
  /** A hub's enrolment only: `held` when it kept the `publicKey` sent with the code (it goes upstream with the redemption). */
  deviceKey: v.optional(v.picklist(['held'])),
});
export type LoginResponse = v.InferOutput<typeof LoginResponseSchema>;
