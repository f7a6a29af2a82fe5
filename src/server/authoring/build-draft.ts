import { buildPackage, type BuiltCourse, type StoredFile } from '../../cli/course/build-course';
import { CourseBuildError } from '../../cli/course/course-build-error';
import type { CourseSource, QuizSource } from '../../cli/course/course-source';
import type { Draft } from '../../shared/authoring/authoring-api';
import { ManifestError } from '../../shared/course/manifest-signature';
import { readFileSlices } from '../courses/course-file-body';
import { ApiProblem } from '../http/api-problem';
import type { Queryable } from '../store/store';
import { isEditorQuiz } from './save-draft-quiz';

/**
 * The package a draft becomes, built by the CLI's own builder from a folder that lives in the
 * store: `<lesson>.md` at the top (so a lesson links an upload as `media/<name>`), `media/<name>`,
 * and `quizzes/<id>.gift|.aiken` (or `.json` for a quiz from the question editor). All lessons and practice quizzes form one module. A problem
 * (a lesson without a `# Title`, a link to a file not uploaded) is 422 `draft_invalid` with its
 * file and line.
 */
export async function buildDraft(db: Queryable, draft: Draft, version: string): Promise<BuiltCourse> {
  const sources = await db.query<{ id: string; format: string; file_name: string; source: string }>(
    `SELECT id, format, file_name, source FROM authoring_quizzes WHERE course_id = $1`,
    [draft.id],
  );
  // An editor quiz is QuizDocument JSON, which the builder reads from a `.json` file.
  const extension = (r: { format: string; file_name: string }) => (isEditorQuiz(r.file_name) ? 'json' : r.format);
  const quizFiles = new Map(sources.rows.map((q) => [`quizzes/${q.id}.${extension(q)}`, q.source]));
  const quizSource = (q: Draft['quizzes'][number]): QuizSource => {
    const row = sources.rows.find((r) => r.id === q.id)!;
    const source: QuizSource = { file: `quizzes/${q.id}.${extension(row)}`, id: q.id, title: q.title, mode: q.mode };
    // The editor's pass mark goes into the manifest, where the phone and the server read it.
    const passScore = isEditorQuiz(row.file_name)
      ? (JSON.parse(row.source) as { passScore?: number }).passScore
      : undefined;
    if (passScore !== undefined) source.passScore = passScore;
    return source;
  };
  const only = (role: 'pretest' | 'posttest') => {
    const found = draft.quizzes.filter((q) => q.role === role);
    if (found.length > 1) {
      throw new ApiProblem(422, 'draft_invalid', `A course has one ${role}; this draft has ${found.length}`, {
        file: `quizzes/${found[1]!.id}`,
        line: 1,
      });
    }
    return found[0] ? quizSource(found[0]) : undefined;
  };
  const pretest = only('pretest');
  const posttest = only('posttest');
  const source: CourseSource = {
    id: draft.id,
    title: draft.title,
    language: draft.language,
    version,
    ...(draft.description ? { description: draft.description } : {}),
    modules: [
      {
        id: 'materi',
        title: draft.title,
        lessons: draft.lessons.map((l) => ({ file: `${l.id}.md`, id: l.id })),
        quizzes: draft.quizzes.filter((q) => q.role === 'practice').map(quizSource),
      },
    ],
    ...(pretest ? { pretest } : {}),
    ...(posttest ? { posttest } : {}),
  };
  const media = new Map(draft.media.map((m) => [m.path, m]));
  const encoder = new TextEncoder();
  // Lessons and quizzes are small text; media is only ever in the store.
  const read = async (path: string): Promise<Uint8Array<ArrayBuffer> | null> => {
    const lesson = draft.lessons.find((l) => `${l.id}.md` === path);
    if (lesson) return encoder.encode(lesson.markdown);
    const quiz = quizFiles.get(path);
    return quiz === undefined ? null : encoder.encode(quiz);
  };
  const stored = async (path: string): Promise<StoredFile | null> => {
    const file = media.get(path);
    if (!file) return null;
    // Inline or chunked (the same bytes may have come through the CLI's resumable upload first).
    const { rows } = await db.query<{ size: string | number }>(`SELECT size FROM course_files WHERE hash = $1`, [
      file.hash,
    ]);
    if (!rows[0]) return null;
    const size = Number(rows[0].size);
    return { hash: file.hash, size, type: file.type, slices: () => readFileSlices(db, file.hash, size) };
  };
  try {
    return await buildPackage({ name: '', source, read, stored });
  } catch (err) {
    if (err instanceof CourseBuildError) {
      throw new ApiProblem(422, 'draft_invalid', err.message, { file: err.file, line: err.line, detail: err.detail });
    }
    // The builder's last check is the manifest's own (a title over 200 characters, a lesson and a
    // quiz with one id): the draft is at fault, not the server.
    if (err instanceof ManifestError) throw new ApiProblem(422, 'draft_invalid', err.message, { detail: err.message });
    throw err;
  }
}
