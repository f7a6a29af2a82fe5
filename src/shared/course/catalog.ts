import * as v from 'valibot';

export const CatalogVersionSchema = v.object({ version: v.string(), sizeBytes: v.number(), publishedAt: v.string() });

/** One course as `GET /api/courses` (operationId listCourses) lists it. */
export const CatalogCourseSchema = v.object({
  id: v.string(),
  title: v.string(),
  description: v.nullable(v.string()),
  language: v.string(),
  latestVersion: v.string(),
  /** Total bytes of the latest version (what a fresh install downloads). */
  sizeBytes: v.number(),
  /**
   * Bytes of the latest version's video files, summed from its manifest: `sizeBytes - videoBytes` is
   * what a download "tanpa video" fetches. Absent from servers and hubs older than this field.
   */
  videoBytes: v.optional(v.number()),
  /** Withdrawn courses stay listed so devices can tell their users; they cannot be downloaded. */
  withdrawn: v.boolean(),
  versions: v.array(CatalogVersionSchema),
});
export type CatalogCourse = v.InferOutput<typeof CatalogCourseSchema>;
