import { ApiProblem } from '../http/api-problem';
import type { Queryable } from '../store/store';
import { generateCourseKey } from './course-signing-key';

export interface NewDraft {
  id: string;
  title: string;
  description: string;
}

/**
 * Starts a course in the browser with its own signing key. An id already taken by a draft or by a
 * course published from the CLI (signed with a key the server does not hold) is refused.
 */
export async function createDraft(db: Queryable, draft: NewDraft, authorId: string): Promise<void> {
  const taken = await db.query(
    `SELECT 1 FROM authoring_courses WHERE id = $1 UNION ALL SELECT 1 FROM courses WHERE id = $1`,
    [draft.id],
  );
  if (taken.rows.length > 0) throw new ApiProblem(409, 'course_exists', `A course ${draft.id} already exists`);
  const key = await generateCourseKey();
  const inserted = await db.query(
    `INSERT INTO authoring_courses (id, title, description, created_by, private_key, public_key)
     VALUES ($1, $2, $3, $4, $5::text::jsonb, $6) ON CONFLICT (id) DO NOTHING RETURNING id`,
    [draft.id, draft.title, draft.description, authorId, JSON.stringify(key.jwk), key.publicKey],
  );
  // Two authors creating the same id at once: the second meets the first's row.
  if (inserted.rows.length === 0) throw new ApiProblem(409, 'course_exists', `A course ${draft.id} already exists`);
}
