import type { Draft, DraftSummary } from '../../shared/authoring/authoring-api';
import { ApiProblem } from '../http/api-problem';
import type { Queryable } from '../store/store';

interface SummaryRow {
  id: string;
  title: string;
  description: string;
  language: string;
  updated_at: Date | string;
  published_version: string | null;
}

const SUMMARY = `SELECT a.id, a.title, a.description, a.language, a.updated_at, c.latest_version AS published_version
  FROM authoring_courses a LEFT JOIN courses c ON c.id = a.id`;

const summary = (r: SummaryRow): DraftSummary => ({
  id: r.id,
  title: r.title,
  description: r.description,
  updatedAt: new Date(r.updated_at).toISOString(),
  publishedVersion: r.published_version,
});

/** Every course draft, newest change first. */
export async function listDrafts(db: Queryable): Promise<DraftSummary[]> {
  const { rows } = await db.query<SummaryRow>(`${SUMMARY} ORDER BY a.updated_at DESC, a.id`);
  return rows.map(summary);
}

/** One draft with its lessons, media and quizzes; throws 404 `draft_not_found`. */
export async function getDraft(db: Queryable, id: string): Promise<Draft> {
  const { rows } = await db.query<SummaryRow>(`${SUMMARY} WHERE a.id = $1`, [id]);
  const row = rows[0];
  if (!row) throw new ApiProblem(404, 'draft_not_found', `No course draft ${id}`);
  const lessons = await db.query<{ id: string; position: number; markdown: string }>(
    `SELECT id, position, markdown FROM authoring_lessons WHERE course_id = $1 ORDER BY position, id`,
    [id],
  );
  const media = await db.query<{ name: string; type: string; size: string | number; hash: string }>(
    `SELECT name, type, size, hash FROM authoring_media WHERE course_id = $1 ORDER BY name`,
    [id],
  );
  const quizzes = await db.query<{
    id: string;
    title: string;
    mode: 'latihan' | 'ujian';
    role: 'practice' | 'pretest' | 'posttest';
    file_name: string;
    question_count: number;
  }>(
    `SELECT id, title, mode, role, file_name, question_count FROM authoring_quizzes WHERE course_id = $1 ORDER BY position, id`,
    [id],
  );
  return {
    ...summary(row),
    language: row.language,
    lessons: lessons.rows.map((l) => ({ id: l.id, position: Number(l.position), markdown: l.markdown })),
    media: media.rows.map((m) => ({
      name: m.name,
      path: `media/${m.name}`,
      type: m.type,
      size: Number(m.size),
      hash: m.hash,
    })),
    quizzes: quizzes.rows.map((q) => ({
      id: q.id,
      title: q.title,
      mode: q.mode,
      role: q.role,
      fileName: q.file_name,
      questionCount: Number(q.question_count),
    })),
  };
}

/** Throws 404 `draft_not_found` unless the draft exists, and marks it changed. */
export async function touchDraft(db: Queryable, id: string): Promise<void> {
  const { rows } = await db.query(`UPDATE authoring_courses SET updated_at = now() WHERE id = $1 RETURNING id`, [id]);
  if (rows.length === 0) throw new ApiProblem(404, 'draft_not_found', `No course draft ${id}`);
}
