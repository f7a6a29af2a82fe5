import * as v from 'valibot';
import { UuidSchema as Uuid } from './uuid';
import { QuestionKeySchema } from '../quiz/question';
import { CertificateChangeSchema, IssuerPublicKeySchema } from '../certificates/certificate-protocol';

// The sync wire protocol (docs/sync-protocol.md), shared by the phone and the server and
// validated on both sides. Items inside a push are validated one by one on the server, so one bad
// item is `rejected` with a reason while the rest of the batch is still stored.

/**
 * Most items one push may carry; a larger batch is refused whole (413) and the client splits it.
 * The cap bounds the server's time per batch (one transaction grading ~600 post-test attempts) and
 * what a lost answer costs; the body limit (8 MiB) bounds its bytes. The phone sends this many only
 * packed (~6 B gzip per post-test item, ~48 KB a batch) and at most 2,000 plain items (~45 KB):
 * about the same bytes on the wire. Raised from 2,000 (and 500 before that): a day of 1,000
 * post-tests (13,000 items) took ten pushes.
 */
export const MAX_PUSH_ITEMS = 8000;
/**
 * A kecamatan hub keeps each push as one signed bundle and forwards up to 50 bundles per delivery
 * (docs/hub.md), so its pushes stay at the old cap: 50 × 500 items fit the national body limit.
 */
export const MAX_HUB_PUSH_ITEMS = 500;
/** Most ids one reconcile request may ask about. */
export const MAX_RECONCILE_IDS = 2000;
/**
 * Most changes one pull answer carries; `hasMore` asks the client to pull again. A page also stops
 * once its changes pass `MAX_PULL_PAGE_BYTES` of JSON (a graded ujian with its review is far larger
 * than a plain grade), so a page is at most ~100 KB gzip whatever it holds; 2,000 plain grades are
 * ~70 KB. Raised from 500: a day of 1,000 post-tests took two pulls.
 */
export const MAX_PULL_CHANGES = 2000;
/** JSON bytes after which a pull page is cut (at least one change always goes). */
export const MAX_PULL_PAGE_BYTES = 512 * 1024;

/**
 * Body of `POST /api/sync/push` (operationId `syncPush`); may be sent with `Content-Encoding: gzip`.
 * A signed push (header `Lentera-Bundle-Signature`) is a whole bundle (`BundleBodySchema` in
 * `bundle.ts`): `format`, `learnerId` and `createdAt` as well. An unsigned push from an app from
 * before device keys has only `deviceId` and `items` (docs/result-files.md says when it is accepted).
 */
export const PushRequestSchema = v.strictObject({
  /** The phone's stable id: per-device sequence numbers are recorded against it. */
  deviceId: Uuid,
  /** `SyncItem`s; each is checked on its own (see `PushItemResult`). Exactly one of `items` and `packed`. */
  items: v.optional(v.pipe(v.array(v.unknown()), v.minLength(1))),
  /**
   * The items packed (`pack-items.ts`, `diff/1`), one entry per item; sent only to a server whose
   * push answer listed `diff/1` in `packings`.
   */
  packed: v.optional(v.pipe(v.array(v.unknown()), v.minLength(1))),
  /** Signed pushes only: `lentera-bundle/1`. */
  format: v.optional(v.string()),
  /** Signed pushes only: the learner the bundle is signed for. */
  learnerId: v.optional(Uuid),
  /** Signed pushes only: when the phone made the bundle. */
  createdAt: v.optional(v.pipe(v.string(), v.maxLength(40))),
});
export type PushRequest = v.InferOutput<typeof PushRequestSchema>;

/**
 * Why the server refused one item for good; the phone shows it in the dead-letter list.
 * `unknown_course`: no course with that id; `unknown_lesson`: the course exists but no published
 * version of it has that lesson; `unknown_quiz`: no such quiz in that course version.
 */
export const REJECT_REASONS = [
  'invalid_item',
  'forbidden',
  'unknown_course',
  'unknown_lesson',
  'unknown_quiz',
  'invalid_hlc',
  'mode_mismatch',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const PushItemResultSchema = v.object({
  /** Position of the item in the request (an invalid item may have no usable id). */
  index: v.number(),
  id: v.nullable(v.string()),
  /**
   * `held`: a kecamatan hub (docs/hub.md) stored the signed bundle durably and will forward it; the
   * national server has not answered yet. The phone keeps the item, as one carried by file, until
   * pull or reconcile confirms it.
   */
  status: v.picklist(['accepted', 'duplicate', 'conflict', 'rejected', 'held']),
  reason: v.optional(v.picklist(REJECT_REASONS)),
  /** Human-readable detail for logs; the phone shows its own text for `reason`. */
  detail: v.optional(v.string()),
});
export type PushItemResult = v.InferOutput<typeof PushItemResultSchema>;

export const PushResponseSchema = v.object({
  /** Changes only when the server's store was replaced (backup restore): push everything again. */
  serverEpoch: v.string(),
  /**
   * One result per item, in request order; or, in the short answer a phone asks for with
   * `Lentera-Push-Answer: exceptions` (push-answer.ts), only the items that were not stored.
   */
  results: v.array(PushItemResultSchema),
  /** Short answer only: how many items were stored now (not named in `results`). */
  accepted: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  /** Short answer only: how many items were already stored, same content (not named in `results`). */
  duplicate: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  /** The item packings this server reads in a push (`packed`); absent on servers from before it, and on a hub. */
  packings: v.optional(v.array(v.string())),
});
export type PushResponse = v.InferOutput<typeof PushResponseSchema>;

/** Query of `GET /api/sync/pull` (operationId `syncPull`). */
export const PullQuerySchema = v.strictObject({
  /** The `checkpoint` of the previous pull; `0` (or absent) on a new device. */
  since: v.optional(v.pipe(v.string(), v.regex(/^\d{1,18}$/)), '0'),
});

/**
 * What a graded ujian's review needs that the phone lacks: the keys and the author's explanations
 * of its questions. Sent with the grade only when the quiz's review policy allows (docs/quiz-policy.md).
 */
export const GradeReviewSchema = v.object({
  keys: v.record(v.string(), QuestionKeySchema),
  explanations: v.optional(v.record(v.string(), v.string())),
});
export type GradeReview = v.InferOutput<typeof GradeReviewSchema>;

export const GradeChangeSchema = v.object({
  attemptId: v.string(),
  quizId: v.string(),
  courseId: v.string(),
  score: v.nullable(v.number()),
  passed: v.nullable(v.boolean()),
  graded: v.boolean(),
  scoreMismatch: v.boolean(),
  /** Past the quiz's attempt limit: stored, graded, not scored (score and passed null). Absent from older servers. */
  overLimit: v.optional(v.boolean()),
  /** The review, once the policy allows it; a grade sent again later may bring it. */
  review: v.optional(GradeReviewSchema),
});
export type GradeChange = v.InferOutput<typeof GradeChangeSchema>;

export const ProgressChangeSchema = v.object({
  courseId: v.string(),
  lessonId: v.string(),
  completed: v.boolean(),
  position: v.nullable(v.number()),
  /** Clock of the edit that set `position`; compare it with the phone's own to merge. */
  positionHlc: v.nullable(v.string()),
  /** Newest edit seen for the lesson. */
  hlc: v.string(),
});
export type ProgressChange = v.InferOutput<typeof ProgressChangeSchema>;

export const PullResponseSchema = v.object({
  serverEpoch: v.string(),
  /** Pass as `since` next time. */
  checkpoint: v.string(),
  hasMore: v.boolean(),
  grades: v.array(GradeChangeSchema),
  progress: v.array(ProgressChangeSchema),
  /** The learner's certificates issued or revoked after `since` (absent from servers before certificates). */
  certificates: v.optional(v.array(CertificateChangeSchema)),
  /** Every certificate issuer key the phone should pin for verifying QR codes offline (docs/certificates.md). */
  issuerKeys: v.optional(v.array(IssuerPublicKeySchema)),
  /**
   * The hubs of the learner's kecamatan with the fingerprint of each one's identity key, `null` for a
   * revoked hub (docs/hub.md, "Trust"). Sent by the national server only; absent, the phone keeps
   * what it has.
   */
  hubKeys: v.optional(v.array(v.object({ hubId: v.string(), key: v.nullable(v.string()) }))),
  /**
   * Always null. App versions before this field was retired required it in the pull answer; the server keeps
   * sending null so that a phone that has not taken the app update yet still pulls its grades.
   */
  catalogVersion: v.optional(v.null()),
});
export type PullResponse = v.InferOutput<typeof PullResponseSchema>;

/** Most ranges one reconcile summary may carry (500 ids each: 500,000 ids). */
export const MAX_RECONCILE_RANGES = 1000;

/** "Which of these do you lack?" — one form of `POST /api/sync/reconcile` (operationId `syncReconcile`). */
export const ReconcileIdsRequestSchema = v.strictObject({
  ids: v.pipe(v.array(Uuid), v.minLength(1), v.maxLength(MAX_RECONCILE_IDS)),
});

/**
 * "Do you hold exactly these?" — the summary form (id-ranges.ts): the phone's synced ids from
 * `deviceId`, sorted and cut into ranges, each as first and last id, count and digest.
 */
export const ReconcileSummaryRequestSchema = v.strictObject({
  deviceId: Uuid,
  ranges: v.pipe(
    v.array(
      v.strictObject({
        first: Uuid,
        last: Uuid,
        count: v.pipe(v.number(), v.integer(), v.minValue(1)),
        digest: v.pipe(v.string(), v.regex(/^[0-9a-f]{32}$/)),
      }),
    ),
    v.minLength(1),
    v.maxLength(MAX_RECONCILE_RANGES),
  ),
});

export const ReconcileRequestSchema = v.union([ReconcileIdsRequestSchema, ReconcileSummaryRequestSchema]);

/** The answer to the ids form. */
export const ReconcileResponseSchema = v.object({
  serverEpoch: v.string(),
  missing: v.array(v.string()),
});
export type ReconcileResponse = v.InferOutput<typeof ReconcileResponseSchema>;

/** The answer to the summary form: the positions of the ranges whose digest or count differ from the server's. */
export const ReconcileSummaryResponseSchema = v.object({
  serverEpoch: v.string(),
  differ: v.array(v.pipe(v.number(), v.integer(), v.minValue(0))),
});
export type ReconcileSummaryResponse = v.InferOutput<typeof ReconcileSummaryResponseSchema>;
