import type { SignedManifest } from '../../shared/course/signed-manifest';
import type { Queryable } from '../store/store';

/**
 * The signed manifest of `version` of a course (`latest` for its newest) and whether the course
 * was withdrawn; null when there is no such course or version.
 */
export async function findSignedManifest(
  db: Queryable,
  courseId: string,
  version: string,
): Promise<{ envelope: SignedManifest; withdrawn: boolean } | null> {
  const { rows } = await db.query<{
    manifest_text: string;
    signature: string;
    public_key: string;
    withdrawn_at: unknown;
  }>(
    `SELECT v.manifest_text, v.signature, v.public_key, c.withdrawn_at
     FROM courses c JOIN course_versions v ON v.course_id = c.id
     WHERE c.id = $1 AND v.version = CASE WHEN $2 = 'latest' THEN c.latest_version ELSE $2 END`,
    [courseId, version],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    envelope: { format: 1, manifest: row.manifest_text, signature: row.signature, publicKey: row.public_key },
    withdrawn: Boolean(row.withdrawn_at),
  };
}
