import * as v from 'valibot';
import { ReportFiguresSchema } from './region-report';

// The operator's list of learners (operationId `listRegionLearners`) and the "hari sinkron" view of
// phones that synced since a time (operationId `listSyncedDevices`).

export const RegionLearnerSchema = v.object({
  id: v.string(),
  username: v.string(),
  name: v.string(),
  jabatan: v.nullable(v.string()),
  desaCode: v.string(),
  desaName: v.nullable(v.string()),
  /** When the account was created (enrolled). */
  enrolledAt: v.string(),
  /** When a phone first signed in as this learner (an enrolment code redeemed); null while none has. */
  activatedAt: v.nullable(v.string()),
  /** Devices this learner ever synced from or signed in on. */
  devices: v.number(),
  /** The learner's report figures (docs/monitoring.md): last sync, courses, first pre-test, best post-test. */
  figures: ReportFiguresSchema,
});
export type RegionLearner = v.InferOutput<typeof RegionLearnerSchema>;

/** Most learners one answer lists; a kecamatan enrols a few hundred. */
export const MAX_LISTED_LEARNERS = 5000;

export const RegionLearnersResponseSchema = v.object({
  learners: v.array(RegionLearnerSchema),
  /** True when the region has more than `MAX_LISTED_LEARNERS` learners and the list was cut. */
  truncated: v.boolean(),
});
export type RegionLearnersResponse = v.InferOutput<typeof RegionLearnersResponseSchema>;

export const SyncedDevicesQuerySchema = v.object({
  /** ISO 8601 time; the screen sends the start of the operator's local day. Default: 24 hours ago. */
  since: v.optional(
    v.pipe(
      v.string(),
      v.maxLength(40),
      // Years a database stores as a timestamp: Date.parse also takes year 0 and ±275760, which it does not.
      v.check((s) => {
        const t = Date.parse(s);
        return t >= Date.UTC(2000, 0, 1) && t < Date.UTC(10000, 0, 1);
      }, 'since: an ISO 8601 time from the year 2000 on, such as 2026-12-01T00:00:00+07:00'),
    ),
  ),
});

export const SyncedDeviceSchema = v.object({
  deviceId: v.string(),
  learnerId: v.string(),
  username: v.string(),
  name: v.string(),
  desaCode: v.string(),
  desaName: v.nullable(v.string()),
  /** Server time of the device's last push that stored something. */
  lastSyncAt: v.string(),
  /** As the phone reported it when it registered its key; null for apps that did not. */
  appVersion: v.nullable(v.string()),
});
export type SyncedDevice = v.InferOutput<typeof SyncedDeviceSchema>;

export const SyncedDevicesResponseSchema = v.object({ since: v.string(), devices: v.array(SyncedDeviceSchema) });
export type SyncedDevicesResponse = v.InferOutput<typeof SyncedDevicesResponseSchema>;
