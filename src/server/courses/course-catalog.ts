import type { CatalogCourse } from '../../shared/course/catalog';
import type { Queryable } from '../store/store';

/** Every published course with its versions and sizes, newest version first. */
export async function listCatalog(db: Queryable): Promise<CatalogCourse[]> {
  const { rows } = await db.query<{
    id: string;
    title: string;
    latest_version: string;
    withdrawn_at: Date | string | null;
    version: string;
    size_bytes: string | number;
    video_bytes: string | number | null;
    published_at: Date | string;
    description: string | null;
    language: string;
  }>(
    `SELECT c.id, c.title, c.latest_version, c.withdrawn_at, v.version, v.size_bytes, v.published_at,
            v.manifest->>'description' AS description, v.manifest->>'language' AS language,
            CASE WHEN v.version = c.latest_version THEN
              (SELECT COALESCE(SUM((f->>'size')::bigint), 0) FROM jsonb_array_elements(v.manifest->'files') f
                WHERE f->>'type' LIKE 'video/%') END AS video_bytes
     FROM courses c JOIN course_versions v ON v.course_id = c.id
     ORDER BY c.title, v.published_at DESC`,
  );
  const courses = new Map<string, CatalogCourse>();
  for (const r of rows) {
    let course = courses.get(r.id);
    if (!course) {
      course = {
        id: r.id,
        title: r.title,
        description: null,
        language: r.language,
        latestVersion: r.latest_version,
        sizeBytes: 0,
        withdrawn: r.withdrawn_at !== null,
        versions: [],
      };
      courses.set(r.id, course);
    }
    const sizeBytes = Number(r.size_bytes);
    if (r.version === r.latest_version) {
      course.sizeBytes = sizeBytes;
      // Measured from the signed manifest's file list, the same test as the app's `isVideo`.
      course.videoBytes = Number(r.video_bytes);
      course.description = r.description;
      course.language = r.language;
    }
    course.versions.push({ version: r.version, sizeBytes, publishedAt: new Date(r.published_at).toISOString() });
  }
  return [...courses.values()];
}
