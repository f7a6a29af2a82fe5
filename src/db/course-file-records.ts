// What the phone keeps so it can share a course as a file and import one offline
// (src/workers/course-download/write-course-file.ts, import-course-file.ts; docs/course-package.md).
import type { CoursePublisher } from '../shared/course/course-file-publishers';
import type { SignedManifest } from '../shared/course/signed-manifest';

/**
 * The signed envelope of an installed course version, exactly as the server served it (or as a
 * course file carried it): a course file written from this phone must carry the publisher's
 * signature, and the installed course keeps only the parsed manifest.
 */
export interface CourseEnvelopeRecord {
  courseId: string;
  version: string;
  envelope: SignedManifest;
}

/**
 * A course and the publisher key the server listed for it (`GET /api/course-publishers`), pinned
 * while the phone was online: what an imported course file's signature is checked against.
 */
export interface PinnedPublisher extends CoursePublisher {
  pinnedAt: number;
}
