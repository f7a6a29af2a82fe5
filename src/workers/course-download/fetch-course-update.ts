import type { InstalledCourse } from '../../db/course-records';
import type { LenteraDatabase } from '../../db/database';
import type { CourseManifest } from '../../shared/course/manifest';
import { applyManifestDelta, type InlineFile } from '../../shared/course/manifest-delta';
import type { SignedManifest } from '../../shared/course/signed-manifest';
import { fetchManifestDelta, fetchSignedManifest, verifyEnvelope } from './fetch-signed-manifest';

export interface CourseUpdate {
  /** The envelope of the latest version, its manifest text exactly as the publisher signed it. */
  envelope: SignedManifest;
  /** Its manifest, verified against the signature and the installed version's key. */
  manifest: CourseManifest;
  /** Small text files of the new version the server sent along (still to be checked against `manifest`). */
  files: InlineFile[];
}

/**
 * The latest version of a course, verified. With a version installed and its signed envelope kept
 * (`db.courseEnvelopes`), asks for a delta and rebuilds the new manifest text from the kept one;
 * the publisher's signature must verify over the rebuilt text. Anything else — no kept envelope,
 * a server or hub without deltas, a delta that does not fit or does not verify — falls back to
 * the whole signed manifest, verified as ever: nothing unverified is ever installed.
 */
export async function fetchCourseUpdate(
  db: LenteraDatabase,
  courseId: string,
  installed: InstalledCourse | undefined,
  token: string,
  baseUrl?: string,
): Promise<CourseUpdate> {
  const kept = installed && (await db.courseEnvelopes.get(courseId));
  if (installed && kept?.version === installed.activeVersion) {
    const update = await fetchManifestDelta(courseId, kept.version, token, baseUrl).catch(() => null);
    if (update?.kind === 'full') {
      const manifest = await verifyEnvelope(update.envelope, installed.publicKey);
      return { envelope: update.envelope, manifest, files: [] };
    }
    if (update?.kind === 'delta' && update.from === kept.version) {
      try {
        const envelope: SignedManifest = {
          format: 1,
          manifest: applyManifestDelta(kept.envelope.manifest, update.ops),
          signature: update.signature,
          publicKey: kept.envelope.publicKey,
        };
        const manifest = await verifyEnvelope(envelope, installed.publicKey);
        if (manifest.id === courseId) return { envelope, manifest, files: update.files };
      } catch {
        // Refused (does not fit the kept text, or the signature fails on what it rebuilds): fall back.
      }
    }
  }
  const envelope = await fetchSignedManifest(courseId, 'latest', token, baseUrl);
  return { envelope, manifest: await verifyEnvelope(envelope, installed?.publicKey), files: [] };
}
