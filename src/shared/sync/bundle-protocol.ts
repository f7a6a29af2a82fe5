import * as v from 'valibot';
import { PushItemResultSchema } from './protocol';
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

/** Most result files one `POST /api/bundles` may carry. */
export const MAX_RESULT_FILES = 50;

export const ItemCountsSchema = v.object({
  accepted: v.number(),
  duplicate: v.number(),
  conflict: v.number(),
  rejected: v.number(),
});
export type ItemCounts = v.InferOutput<typeof ItemCountsSchema>;

/** What happened to one uploaded result file. `refused`: nothing of it was stored (`code` says why). */
export const ResultFileOutcomeSchema = v.object({
  /** The file name as uploaded. */
  name: v.string(),
  status: v.picklist(['stored', 'refused']),
  /** An `ApiErrorCode` when refused: malformed_bundle, body_too_large, bad_bundle_signature, unknown_device, device_revoked, unknown_learner, outside_region. */
  code: v.optional(v.string()),
  message: v.optional(v.string()),
  learnerId: v.optional(v.string()),
  deviceId: v.optional(v.string()),
  /** When stored: per-item outcomes counted (a file uploaded again is all `duplicate`). */
  counts: v.optional(ItemCountsSchema),
  /** When stored: one result per item, in bundle order, as a push answers them. */
  results: v.optional(v.array(PushItemResultSchema)),
});
export type ResultFileOutcome = v.InferOutput<typeof ResultFileOutcomeSchema>;

/** Answer of `POST /api/bundles` (operationId `uploadResultBundles`): one outcome per file, in upload order. */
export const UploadResultBundlesResponseSchema = v.object({
  serverEpoch: v.string(),
  files: v.array(ResultFileOutcomeSchema),
});
export type UploadResultBundlesResponse = v.InferOutput<typeof UploadResultBundlesResponseSchema>;
