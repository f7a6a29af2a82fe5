import { parseManifestText } from '../../shared/course/manifest-signature';
import { log } from '../log';
import type { Store } from '../store/store';
import { dropStaleFetches, mirrorCourseFile } from './mirror-course-file';
import { fetchHubCourses, type UpstreamClient } from './upstream-client';

/**
 * The hub side of the course mirror: the catalog, and the files of each live course's latest
 * version only (phones install nothing else). The older published versions come as their signed
 * manifest texts alone: a phone that has one installed updates from it by delta at the office, and
 * a delta needs the installed version's manifest, not its files. By delta: only files the hub does
 * not hold cross the uplink, each streamed into the store and resumable inside the file
 * (mirror-course-file.ts). A course's new latest version (with the manifests of the versions
 * before it) is listed on the hub only once all its files are here, so a phone at the office never
 * starts a download the hub cannot finish. Files only older versions use are kept (docs/hub.md).
 * A course whose file fails waits for the next round; the others go on, then the failure is
 * thrown so the caller retries soon. Returns the number of files fetched.
 */
export async function mirrorHubCourses(store: Store, client: UpstreamClient): Promise<number> {
  const { courses } = await fetchHubCourses(client);
  let fetched = 0;
  const failed: string[] = [];
  const wanted = new Set<string>();
  for (const course of courses) {
    const latest = course.withdrawn ? undefined : course.versions.find((v) => v.version === course.latestVersion);
    if (latest) {
      try {
        const { files } = parseManifestText(latest.manifestText);
        for (const file of files) wanted.add(file.hash);
        for (const file of files) {
          if (await mirrorCourseFile(store, client, file)) fetched++;
        }
      } catch (err) {
        log('warn', 'hub course mirror: course waits for the next round', {
          course: course.id,
          version: latest.version,
          err: err instanceof Error ? err.message : String(err),
        });
        failed.push(course.id);
        continue;
      }
      await store.transaction(async (tx) => {
        await tx.query(`INSERT INTO courses (id, title) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, [
          course.id,
          course.title,
        ]);
        for (const version of course.versions) {
          await tx.query(
            // clock_timestamp, not the transaction's one now(): the catalog orders versions by it.
            `INSERT INTO course_versions
               (course_id, version, manifest, manifest_text, signature, public_key, size_bytes, published_at)
             VALUES ($1, $2, $3::text::jsonb, $3, $4, $5, $6, clock_timestamp()) ON CONFLICT DO NOTHING`,
            [course.id, version.version, version.manifestText, version.signature, version.publicKey, version.sizeBytes],
          );
        }
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
  await dropStaleFetches(store, wanted);
  if (failed.length > 0) throw new Error(`course mirror incomplete: ${failed.join(', ')} (see the log lines before)`);
  return fetched;
}
