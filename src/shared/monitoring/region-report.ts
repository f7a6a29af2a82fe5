import * as v from 'valibot';
import { RegionSchema } from './regions';

// Region reports (operationIds `regionReport`, `silentVillages`, `exportReportCsv`).
// docs/monitoring.md defines every figure; the server computes them in src/server/reports/.

export const ReportFiguresSchema = v.object({
  /** Learner accounts enrolled (not disabled) in the region. */
  learners: v.number(),
  /** Learners from whom the server received an attempt or lesson progress in the last 30 days. */
  active30d: v.number(),
  /** Lessons marked complete, all courses. */
  lessonsCompleted: v.number(),
  /** (learner, course) pairs with any lesson progress in a published course. */
  coursesStarted: v.number(),
  /** Of those, pairs with every lesson of the course's latest version complete. */
  coursesCompleted: v.number(),
  /** coursesCompleted / coursesStarted × 100, one decimal; null when nothing started. */
  completionPct: v.nullable(v.number()),
  /** Mean of each (learner, course)'s first graded pre-test score, 0–100. */
  pretestAvg: v.nullable(v.number()),
  /** Mean of each (learner, course)'s best graded post-test score, 0–100. */
  posttestAvg: v.nullable(v.number()),
  /** Mean of (best post-test − first pre-test) over pairs that have both: who improved. */
  gain: v.nullable(v.number()),
  /** Latest sync of any device of a learner in the region (ISO), null when never. */
  lastSyncAt: v.nullable(v.string()),
  /**
   * Of `learners`, those with no sync recorded at all (per learner and device: learners sharing a
   * phone each count on their own). A recent `lastSyncAt` says nothing about them.
   */
  neverSynced: v.number(),
  /** Certificates held by the region's learners and not revoked (one per learner and course version). */
  certificates: v.number(),
});
export type ReportFigures = v.InferOutput<typeof ReportFiguresSchema>;

export const LearnerRowSchema = v.object({
  id: v.string(),
  username: v.string(),
  name: v.string(),
  jabatan: v.nullable(v.string()),
  ...ReportFiguresSchema.entries,
});
export type LearnerRow = v.InferOutput<typeof LearnerRowSchema>;

export const RegionReportSchema = v.object({
  region: RegionSchema,
  /** From the provinsi down to the parent of `region`. */
  ancestors: v.array(RegionSchema),
  totals: ReportFiguresSchema,
  /** The next level down (every child region, also those with no learners yet); empty for a desa. */
  children: v.array(v.object({ ...RegionSchema.entries, ...ReportFiguresSchema.entries })),
  /** For a desa: its learners one by one. */
  learners: v.array(LearnerRowSchema),
  generatedAt: v.string(),
});
export type RegionReport = v.InferOutput<typeof RegionReportSchema>;

/**
 * Every committed change up to this time is in the answer (ISO): now on the primary, the replay
 * position on a reports replica (`LENTERA_REPORTS_DATABASE_URL`); null while a replica cannot tell.
 */
const DataAsOfSchema = v.nullable(v.string());

/** What `regionReport` answers: the report and how fresh its data is. */
export const RegionReportResponseSchema = v.object({ ...RegionReportSchema.entries, dataAsOf: DataAsOfSchema });
export type RegionReportResponse = v.InferOutput<typeof RegionReportResponseSchema>;

/**
 * A desa with at least one enrolled learner who has not synced for `days` days or never: a desa
 * counts as synced only when every one of its learners has.
 */
export const SilentVillageSchema = v.object({
  code: v.string(),
  name: v.string(),
  kecamatan: v.nullable(v.string()),
  /** Enrolled learners of the desa. */
  learners: v.number(),
  /** Of `learners`, those with no sync for `days` days or more, or never (never-synced included). */
  silentLearners: v.number(),
  /** Of `silentLearners`, those who never synced at all. */
  neverSynced: v.number(),
  /** Latest sync of any learner of the desa; null when none of them has ever synced. */
  lastSyncAt: v.nullable(v.string()),
  /** Whole days since `lastSyncAt`; null when never. */
  daysSilent: v.nullable(v.number()),
});
export type SilentVillage = v.InferOutput<typeof SilentVillageSchema>;

/** One learner who has not synced for `days` days or never (listed when the region is a desa). */
export const SilentLearnerSchema = v.object({
  id: v.string(),
  username: v.string(),
  name: v.string(),
  /** Latest sync of any of this learner's devices; null when never. */
  lastSyncAt: v.nullable(v.string()),
  daysSilent: v.nullable(v.number()),
});
export type SilentLearner = v.InferOutput<typeof SilentLearnerSchema>;

/** A kecamatan hub of the region not heard from for a day, or never (docs/hub.md, "Monitoring"). */
export const SilentHubSchema = v.object({
  hubId: v.string(),
  name: v.string(),
  kecamatanCode: v.string(),
  kecamatan: v.nullable(v.string()),
  /** Its last call to the national server; null when it never called. */
  lastSeenAt: v.nullable(v.string()),
});
export type SilentHub = v.InferOutput<typeof SilentHubSchema>;

export const SilentVillagesResponseSchema = v.object({
  region: RegionSchema,
  days: v.number(),
  villages: v.array(SilentVillageSchema),
  /**
   * When `region` is a desa: each of its silent learners, never-synced first, then the longest
   * silence. Empty for a larger region (each village's counts say how many).
   */
  learners: v.array(SilentLearnerSchema),
  /**
   * The live hubs of the region's kecamatan (for a desa: of its kecamatan) silent for a day or
   * never heard from, longest silent first: the results of a whole office may be waiting there.
   * Optional only for an answer from a server of before hubs.
   */
  silentHubs: v.optional(v.array(SilentHubSchema)),
  truncated: v.boolean(),
  dataAsOf: DataAsOfSchema,
});
export type SilentVillagesResponse = v.InferOutput<typeof SilentVillagesResponseSchema>;
