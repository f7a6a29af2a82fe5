import * as v from 'valibot';
import { PushItemResultSchema } from '../../shared/sync/protocol';
import { UuidSchema } from '../../shared/sync/uuid';

// The kecamatan hub's routes (docs/hub.md): the admin's `/api/hubs…` and the hub's `/api/hub/…`
// on the national server, and `/api/hub/status` on both.

/** Most bundles one `POST /api/hub/bundles` may carry: the forwarder sends batches of this size. */
export const MAX_HUB_BUNDLES = 50;
/** A hub not heard from for this long is listed as silent. */
export const HUB_SILENT_AFTER_MS = 24 * 60 * 60 * 1000;

const KecamatanCode = v.pipe(v.string(), v.regex(/^\d{2}\.\d{2}\.\d{2}$/, 'A kecamatan code, e.g. 34.02.01'));

/** Body of `POST /api/hubs` (operationId `createHub`). */
export const CreateHubRequestSchema = v.strictObject({
  kecamatanCode: KecamatanCode,
  /** Where the hub stands, for the admin list ("Kantor Kecamatan Srandakan"). */
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100)),
});

export const CreateHubResponseSchema = v.object({
  hubId: v.string(),
  /** Shown once: the server keeps only its hash. Goes into the hub's LENTERA_HUB_CREDENTIAL. */
  credential: v.string(),
  kecamatan: v.object({ code: v.string(), name: v.string() }),
});
export type CreateHubResponse = v.InferOutput<typeof CreateHubResponseSchema>;

export const HubSummarySchema = v.object({
  hubId: v.string(),
  name: v.string(),
  kecamatanCode: v.string(),
  createdAt: v.string(),
  lastSeenAt: v.nullable(v.string()),
  bundlesForwarded: v.number(),
  revokedAt: v.nullable(v.string()),
  /** Live and not heard from for a day (or never). */
  silent: v.boolean(),
});
export type HubSummary = v.InferOutput<typeof HubSummarySchema>;

/** Answer of `GET /api/hubs` (operationId `listHubs`). */
export const ListHubsResponseSchema = v.object({ hubs: v.array(HubSummarySchema) });
export type ListHubsResponse = v.InferOutput<typeof ListHubsResponseSchema>;

/** Body of `POST /api/hub/identity` (operationId `registerHubIdentity`): the hub's identity public key. */
export const HubIdentityRequestSchema = v.strictObject({ publicKey: v.pipe(v.string(), v.maxLength(400)) });

/** Answer: the key's fingerprint, as phones pin it; `created` false for the same key again. */
export const HubIdentityResponseSchema = v.object({ created: v.boolean(), fingerprint: v.string() });
export type HubIdentityResponse = v.InferOutput<typeof HubIdentityResponseSchema>;

/** Answer of `GET /api/hub/self` (operationId `hubSelf`). */
export const HubSelfResponseSchema = v.object({
  hubId: v.string(),
  kecamatan: v.object({ code: v.string(), name: v.string() }),
});
export type HubSelfResponse = v.InferOutput<typeof HubSelfResponseSchema>;

/** Body of `POST /api/hub/bundles` (operationId `forwardHubBundles`). */
export const HubBundlesRequestSchema = v.strictObject({
  bundles: v.pipe(
    v.array(
      v.strictObject({
        /** The bundle's exact JSON text as the phone signed it. */
        body: v.pipe(v.string(), v.minLength(1)),
        signature: v.string(),
      }),
    ),
    v.minLength(1),
  ),
});
export type HubBundlesRequest = v.InferOutput<typeof HubBundlesRequestSchema>;

export const HubBundleResultSchema = v.object({
  index: v.number(),
  /** `refused`: nothing of this bundle was stored; `code` says why. */
  bundle: v.picklist(['stored', 'refused']),
  code: v.optional(v.string()),
  message: v.optional(v.string()),
  /** When stored: one result per item, as a push answers them. */
  items: v.array(PushItemResultSchema),
});
export type HubBundleResult = v.InferOutput<typeof HubBundleResultSchema>;

export const HubBundlesResponseSchema = v.object({ serverEpoch: v.string(), results: v.array(HubBundleResultSchema) });
export type HubBundlesResponse = v.InferOutput<typeof HubBundlesResponseSchema>;

/**
 * Answer of `GET /api/hub/mirror` (operationId `hubMirror`): what a hub needs to check its learners'
 * phones at the office while the uplink is down. Never a password or a token: session token
 * HASHES only, so a stolen hub cannot sign anyone in anywhere else. A whole snapshot each time (a
 * kecamatan has hundreds of learners, not millions): what is missing from it is gone on the hub too.
 */
export const HubMirrorResponseSchema = v.object({
  serverEpoch: v.string(),
  learners: v.array(
    v.object({
      id: v.string(),
      username: v.string(),
      name: v.string(),
      desaCode: v.nullable(v.string()),
      disabled: v.boolean(),
    }),
  ),
  /** Live (unrevoked, unexpired) sessions of those learners. */
  sessions: v.array(
    v.object({ tokenHash: v.string(), userId: v.string(), deviceId: v.nullable(v.string()), expiresAt: v.string() }),
  ),
  /** Every device key of those learners, revoked and replaced ones too (a revoked key must stay refused). */
  deviceKeys: v.array(
    v.object({
      deviceId: v.string(),
      learnerId: v.string(),
      publicKey: v.nullable(v.string()),
      registeredAt: v.string(),
      replacedAt: v.nullable(v.string()),
      revokedAt: v.nullable(v.string()),
    }),
  ),
  /**
   * The enrolment codes of those learners that are live or ended within the last week, each as
   * `hubCodeHash` (slow, salted with the hub's id; never a code nor its plain SHA-256): the hub redeems the live ones at the office, and tells a used or expired one
   * apart from an unknown one as the national server would. Optional: an older national server
   * sends none, and the hub then keeps what it has.
   */
  enrolmentCodes: v.optional(
    v.array(v.object({ codeHash: v.string(), userId: v.string(), expiresAt: v.string(), used: v.boolean() })),
  ),
});
export type HubMirror = v.InferOutput<typeof HubMirrorResponseSchema>;

/** Answer of `GET /api/hub/status` (operationId `hubStatus`), on a hub; the national server answers `{mode:'national'}`. */
export const HubStatusSchema = v.object({
  mode: v.picklist(['hub', 'national']),
  hubId: v.optional(v.nullable(v.string())),
  kecamatan: v.optional(v.nullable(v.object({ code: v.string(), name: v.string() }))),
  uplink: v.optional(v.picklist(['up', 'down'])),
  waitingBundles: v.optional(v.number()),
  lastForwardAt: v.optional(v.nullable(v.string())),
  coursesMirrored: v.optional(v.number()),
  phonesSeenToday: v.optional(v.number()),
  /** Enrolments redeemed at the office not yet forwarded, and when the oldest of them was redeemed. */
  waitingEnrolments: v.optional(v.number()),
  oldestWaitingEnrolmentAt: v.optional(v.nullable(v.string())),
  /**
   * Set while the national server refuses this hub's identity key (`hub_identity_conflict`: another
   * key was registered with its credential first); phones will not trust the hub until an admin
   * revokes it and issues a new credential. Cleared by the next registration that succeeds.
   */
  identityRefused: v.optional(
    v.nullable(v.object({ code: v.literal('hub_identity_conflict'), fingerprint: v.string(), at: v.string() })),
  ),
  /** The hub's identity public key (standard base64 SPKI, ECDSA P-256); its fingerprint is the QR's `k=`. */
  identityKey: v.optional(v.string()),
  /** With `?challenge=`: the hub's signature over (purpose, hubId, challenge), `signHubProof`. */
  signature: v.optional(v.string()),
});
export type HubStatus = v.InferOutput<typeof HubStatusSchema>;

/** Most learners one `POST /api/hub/mirror/changes` asks about. */
export const MAX_MIRROR_CURSORS = 5000;

/** Body of `POST /api/hub/mirror/changes` (operationId `hubMirrorChanges`): each learner's pull checkpoint on the hub. */
export const HubChangesRequestSchema = v.strictObject({
  cursors: v.pipe(
    v.array(v.strictObject({ learnerId: UuidSchema, since: v.pipe(v.string(), v.regex(/^\d{1,18}$/)) })),
    v.maxLength(MAX_MIRROR_CURSORS),
  ),
});

/** One page of one learner's pull, as `GET /api/sync/pull` would answer that learner. */
export const HubLearnerChangesSchema = v.object({
  learnerId: v.string(),
  checkpoint: v.string(),
  hasMore: v.boolean(),
  grades: v.array(v.unknown()),
  progress: v.array(v.unknown()),
  certificates: v.optional(v.array(v.unknown())),
});
export type HubLearnerChanges = v.InferOutput<typeof HubLearnerChangesSchema>;

/** Answer: only the learners of the hub's kecamatan with changes after their cursor. */
export const HubChangesResponseSchema = v.object({
  changes: v.array(HubLearnerChangesSchema),
  issuerKeys: v.array(v.object({ kid: v.string(), publicKey: v.string() })),
});
export type HubChangesResponse = v.InferOutput<typeof HubChangesResponseSchema>;

/** Answer of `GET /api/hub/courses` (operationId `hubCourses`): every published version, signed as published. */
export const HubCoursesResponseSchema = v.object({
  courses: v.array(
    v.object({
      id: v.string(),
      title: v.string(),
      latestVersion: v.nullable(v.string()),
      withdrawn: v.boolean(),
      versions: v.array(
        v.object({
          version: v.string(),
          manifestText: v.string(),
          signature: v.string(),
          publicKey: v.string(),
          sizeBytes: v.number(),
        }),
      ),
    }),
  ),
});
export type HubCourses = v.InferOutput<typeof HubCoursesResponseSchema>;

/** Most redemptions one `POST /api/hub/enrolments` may carry. */
export const MAX_HUB_ENROLMENTS = 50;

const HexSha256 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'A lowercase hex SHA-256'));

/**
 * Body of `POST /api/hub/enrolments` (operationId `forwardHubEnrolments`): enrolment codes phones
 * redeemed at the hub. The code itself proves the redemption (the national server holds its hash);
 * `tokenHash` is the SHA-256 of the token the hub gave the phone, so the same token works upstream.
 */
export const HubEnrolmentsRequestSchema = v.strictObject({
  enrolments: v.pipe(
    v.array(
      v.strictObject({
        code: v.pipe(v.string(), v.regex(/^[0-9A-Z]{10}$/, 'A normalised enrolment code')),
        tokenHash: HexSha256,
        deviceId: v.nullable(UuidSchema),
        redeemedAt: v.pipe(v.string(), v.isoTimestamp()),
        sessionExpiresAt: v.pipe(v.string(), v.isoTimestamp()),
        /**
         * The device's public key (SPKI, base64) the phone handed over with the code: registered with
         * the session. Checked per redemption, not here: a bad key must not fail the others' batch.
         */
        publicKey: v.optional(v.pipe(v.string(), v.maxLength(4096))),
      }),
    ),
    v.minLength(1),
  ),
});
export type HubEnrolmentsRequest = v.InferOutput<typeof HubEnrolmentsRequestSchema>;

export const HubEnrolmentResultSchema = v.object({
  index: v.number(),
  /** `enrolled`: the code is used and the session open upstream (also for a replay of the same redemption). */
  status: v.picklist(['enrolled', 'refused']),
  /** When refused: invalid_code, code_used, code_expired or outside_hub_kecamatan. */
  code: v.optional(v.string()),
  message: v.optional(v.string()),
  /** When enrolled with a `publicKey`: whether it was registered, else why not (the session opens either way). */
  key: v.optional(
    v.object({
      status: v.picklist(['registered', 'refused']),
      /** When refused: invalid_public_key, invalid_request, device_key_exists or device_revoked. */
      code: v.optional(v.string()),
      message: v.optional(v.string()),
    }),
  ),
});
export type HubEnrolmentKeyResult = NonNullable<v.InferOutput<typeof HubEnrolmentResultSchema>['key']>;
export type HubEnrolmentResult = v.InferOutput<typeof HubEnrolmentResultSchema>;

export const HubEnrolmentsResponseSchema = v.object({ results: v.array(HubEnrolmentResultSchema) });
export type HubEnrolmentsResponse = v.InferOutput<typeof HubEnrolmentsResponseSchema>;
