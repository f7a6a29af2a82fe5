import type { Queryable } from '../store/store';

/**
 * A token that changes whenever the catalog does (a version published, a course withdrawn), so a
 * pull tells the phone to refresh its catalog without sending the catalog itself over 2G.
 */
export async function readCatalogVersion(db: Queryable): Promise<string | null> {
  const { rows } = await db.query<{ v: string | null }>(
    `SELECT (SELECT count(*) FROM course_versions)::text || '@' ||
            COALESCE(GREATEST((SELECT max(published_at) FROM course_versions), (SELECT max(withdrawn_at) FROM courses))::text, '')
            AS v`,
  );
  return rows[0]?.v ?? null;
}
