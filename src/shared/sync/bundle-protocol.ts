import * as v from 'valibot';
import { UuidSchema as Uuid } from './uuid';

// The device-key and result-bundle routes (docs/result-files.md), shared by the phone, the staff
// screens and the server.

/** Longest SPKI text accepted: a P-256 SPKI is 91 bytes, 124 characters of base64. */
const MAX_PUBLIC_KEY_CHARS = 200;

/** Body of `POST /api/devices/key` (operationId `registerDeviceKey`), with the learner's own token. */
export const RegisterDeviceKeyRequestSchema = v.strictObject({
  /** Must be the device the token was issued to. */
  deviceId: Uuid,
  /** ECDSA P-256 public key, SPKI, standard base64. */
  publicKey: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_PUBLIC_KEY_CHARS), v.regex(/^[A-Za-z0-9+/]+=*$/)),
  /** The app's version, shown to staff beside the device. */
  appVersion: v.optional(v.pipe(v.string(), v.maxLength(40))),
});
export type RegisterDeviceKeyRequest = v.InferOutput<typeof RegisterDeviceKeyRequestSchema>;

export const RegisterDeviceKeyResponseSchema = v.object({
  deviceId: v.string(),
  /** False when exactly this key was already registered (a retry). */
  created: v.boolean(),
  registeredAt: v.string(),
});
export type RegisterDeviceKeyResponse = v.InferOutput<typeof RegisterDeviceKeyResponseSchema>;

/** Body of `POST /api/devices/{deviceId}/revoke` (operationId `revokeDevice`). */
export const RevokeDeviceRequestSchema = v.strictObject({
  /** Why, for the audit log and the device list (a lost phone, a handed-on phone). */
  reason: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(500)),
});

export const RevokeDeviceResponseSchema = v.object({
  deviceId: v.string(),
  /** The learners of this device whose key (or keyless device) is now revoked. */
  learnerIds: v.array(v.string()),
  /** Device tokens signed out with it. */
  revokedSessions: v.number(),
});
export type RevokeDeviceResponse = v.InferOutput<typeof RevokeDeviceResponseSchema>;

/** `none`: an app from before device keys (unsigned pushes); `active`: bundles verified; `revoked`: refused. */
export const DEVICE_KEY_STATES = ['none', 'active', 'revoked'] as const;
export type DeviceKeyState = (typeof DEVICE_KEY_STATES)[number];

export const LearnerDeviceSchema = v.object({
  deviceId: v.string(),
  /** Last push that stored something, ISO 8601; null when it never synced. */
  lastSyncAt: v.nullable(v.string()),
  /** As the phone reported it when it registered its key; null for apps from before keys. */
  appVersion: v.nullable(v.string()),
  keyState: v.picklist(DEVICE_KEY_STATES),
  keyRegisteredAt: v.nullable(v.string()),
  revokedAt: v.nullable(v.string()),
  revokeReason: v.nullable(v.string()),
});
export type LearnerDevice = v.InferOutput<typeof LearnerDeviceSchema>;

/** Answer of `GET /api/learners/{learnerId}/devices` (operationId `listLearnerDevices`), newest sync first. */
export const LearnerDevicesResponseSchema = v.object({ learnerId: v.string(), devices: v.array(LearnerDeviceSchema) });
export type LearnerDevicesResponse = v.InferOutput<typeof LearnerDevicesResponseSchema>;
