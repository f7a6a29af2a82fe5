import * as v from 'valibot';
import { AccountSchema } from './auth-protocol';
import { RoleSchema } from './roles';
import { UuidSchema } from './sync/uuid';

/** Crockford base32 without I, L, O, U: nothing to misread when a code is read out over the phone. */
export const ENROLMENT_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Normalises a typed enrolment code: case, spaces and dashes do not matter, and the letters people
 * confuse with digits (O, I, L) are read as the digits.
 * @example normalizeEnrolmentCode('abcde-fgh1o') // 'ABCDEFGH10'
 */
export function normalizeEnrolmentCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** Body of `POST /api/users` (operationId `createUser`). */
export const CreateUserRequestSchema = v.strictObject({
  username: v.pipe(
    v.string(),
    v.trim(),
    v.toLowerCase(),
    v.regex(/^[a-z0-9._-]{3,64}$/, 'username: 3–64 letters, digits, dot, dash or underscore'),
  ),
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120)),
  /** Kemendagri desa code, e.g. 34.02.01.2001; required for learners. */
  desaCode: v.optional(
    v.pipe(v.string(), v.regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/, 'desaCode: a desa code like 34.02.01.2001')),
  ),
  /** Operators create learners only; admin may create any role. */
  role: v.optional(RoleSchema, 'learner'),
  /** Region bound to an operator or monitor (admin only). */
  regionCode: v.optional(v.pipe(v.string(), v.regex(/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/))),
  /** Optional: a learner can also sign in with a one-time enrolment code instead. */
  password: v.optional(v.pipe(v.string(), v.minLength(8), v.maxLength(256))),
});
export type CreateUserRequest = v.InferOutput<typeof CreateUserRequestSchema>;

export const CreateUserResponseSchema = v.object({ account: AccountSchema });
export type CreateUserResponse = v.InferOutput<typeof CreateUserResponseSchema>;

/** Answer of `POST /api/users/{id}/enrolment-code` (operationId `createEnrolmentCode`). */
export const EnrolmentCodeSchema = v.object({
  /** Shown once, as text (`XXXXX-XXXXX`) and as a QR code of `enrolUrl`; only its hash is stored. */
  code: v.string(),
  expiresAt: v.string(),
  /** Path the QR code points at: opens the sign-in screen with the code filled in. */
  enrolPath: v.string(),
});
export type EnrolmentCode = v.InferOutput<typeof EnrolmentCodeSchema>;

/** Body of `POST /api/auth/enrol` (operationId `enrolDevice`); answered like `login`. */
export const EnrolRequestSchema = v.strictObject({
  code: v.pipe(
    v.string(),
    v.maxLength(40),
    v.transform(normalizeEnrolmentCode),
    v.regex(/^[0-9A-Z]{10}$/, 'code: 10 characters'),
  ),
  deviceId: v.optional(UuidSchema),
  /**
   * At a kecamatan hub: the device's public key (ECDSA P-256 SPKI, base64), registered with the
   * session so the phone's results are held at once (docs/hub.md). The national server ignores it:
   * there the phone registers with `POST /api/devices/key` as after any sign-in.
   */
  publicKey: v.optional(v.pipe(v.string(), v.maxLength(4096))),
});
