import type { Queryable } from '../store/store';
import type { HubCourses } from './hub-protocol';

/** The national side of the course mirror: every course and published version, manifests as signed. */
export async function readHubCourses(db: Queryable): Promise<HubCourses> {
  const { rows } = await db.query<{
    id: string;
    title: string;
    latest_version: string | null;
    withdrawn: boolean;
    version: string;
    manifest_text: string;
    signature: string;
    public_key: string;
    size_bytes: string | number;
  }>(
    `SELECT c.id, c.title, c.latest_version, c.withdrawn_at IS NOT NULL AS withdrawn, v.version, v.manifest_text,
            v.signature, v.public_key, v.size_bytes
       FROM courses c JOIN course_versions v ON v.course_id = c.id ORDER BY c.id, v.published_at`,
  );
  const courses = new Map<string, HubCourses['courses'][number]>();
  for (const r of rows) {
    const course = courses.get(r.id) ?? {
      id: r.id,
      title: r.title,
      latestVersion: r.latest_version,
      withdrawn: r.withdrawn,
      versions: [],
    };
    course.versions.push({
      version: r.version,
      manifestText: r.manifest_text,
      signature: r.signature,
      publicKey: r.public_key,
      sizeBytes: Number(r.size_bytes),
    });
    courses.set(r.id, course);
  }
  return { courses: [...courses.values()] };
}
