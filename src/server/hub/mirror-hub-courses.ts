import { createHash } from 'node:crypto';
import { parseManifestText } from '../../shared/course/manifest-signature';
import { storeCourseFile } from '../courses/store-course-file';
import type { Store } from '../store/store';
import { fetchHubCourseFile, fetchHubCourses, type UpstreamClient } from './upstream-client';

/**
 * The hub side of the course mirror: the catalog and every published version of the live courses,
 * with their content-addressed files. By delta: only files the hub does not hold cross the uplink,
 * each checked against its SHA-256 before it is kept; a version is listed on the hub only once all
 * its files are here, so a phone at the office never starts a download the hub cannot finish.
 * Resumable by file: a cut mirror keeps the files it finished and fetches only the rest next time.
 * Returns the number of files fetched.
 */
export async function mirrorHubCourses(store: Store, client: UpstreamClient): Promise<number> {
  const { courses } = await fetchHubCourses(client);
  let fetched = 0;
  for (const course of courses) {
    for (const version of course.withdrawn ? [] : course.versions) {
      const known = await store.query(`SELECT 1 FROM course_versions WHERE course_id = $1 AND version = $2`, [
        course.id,
        version.version,
      ]);
      if (known.rows.length > 0) continue;
      const manifest = parseManifestText(version.manifestText);
      for (const file of manifest.files) {
        const held = await store.query(`SELECT 1 FROM course_files WHERE hash = $1`, [file.hash]);
        if (held.rows.length > 0) continue;
        const bytes = await fetchHubCourseFile(client, file.hash);
        const actual = createHash('sha256').update(bytes).digest('hex');
        if (actual !== file.hash) throw new Error(`course file ${file.hash} arrived as ${actual}`);
        await storeCourseFile(store, file.hash, bytes, file.type);
        fetched++;
      }
      await store.transaction(async (tx) => {
        await tx.query(`INSERT INTO courses (id, title) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, [
          course.id,
          course.title,
        ]);
        await tx.query(
          `INSERT INTO course_versions (course_id, version, manifest, manifest_text, signature, public_key, size_bytes)
           VALUES ($1, $2, $3::text::jsonb, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [course.id, version.version, version.manifestText, version.signature, version.publicKey, version.sizeBytes],
        );
      });
    }
    // Title, newest version and withdrawal as upstream says, once the versions are in.
    await store.query(
      `UPDATE courses SET title = $2,
         latest_version = CASE WHEN EXISTS (SELECT 1 FROM course_versions WHERE course_id = $1 AND version = $3)
                               THEN $3 ELSE latest_version END,
         withdrawn_at = CASE WHEN $4::boolean THEN COALESCE(withdrawn_at, now()) END
       WHERE id = $1`,
      [course.id, course.title, course.latestVersion, course.withdrawn],
    );
  }
  return fetched;
}
