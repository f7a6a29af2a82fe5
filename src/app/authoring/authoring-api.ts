// The authoring screens' calls to the author API (lazy chunk: only authors and admins load it).
import * as v from 'valibot';
import {
  DraftChangesSchema,
  DraftSchema,
  DraftSummarySchema,
  ImportQuizResultSchema,
  PublishDraftResultSchema,
  QuizImportIssueSchema,
} from '../../shared/authoring/authoring-api';
import {
  QuizDraftIssueSchema,
  QuizDraftSchema,
  SaveQuizResultSchema,
  type QuizDraft,
  type QuizDraftIssue,
} from '../../shared/authoring/quiz-draft';
import { CourseManifestSchema } from '../../shared/course/manifest';
import { QuizDocumentSchema } from '../../shared/quiz/question';
import { apiFetch } from '../api/api-fetch';

const course = (id: string) => `/api/authoring/courses/${encodeURIComponent(id)}`;
const json = (method: string, token: string, body: unknown) => ({ method, token, body: JSON.stringify(body) });

export const fetchDrafts = (token: string) =>
  apiFetch('/api/authoring/courses', v.array(DraftSummarySchema), { token });

export const fetchDraft = (token: string, id: string) => apiFetch(course(id), DraftSchema, { token });

export const createDraft = (token: string, body: { id: string; title: string; description: string }) =>
  apiFetch('/api/authoring/courses', DraftSchema, json('POST', token, body));

export const saveLesson = (token: string, id: string, lessonId: string, markdown: string) =>
  apiFetch(`${course(id)}/lessons/${encodeURIComponent(lessonId)}`, v.undefined(), json('PUT', token, { markdown }));

export const deleteLesson = (token: string, id: string, lessonId: string) =>
  apiFetch(`${course(id)}/lessons/${encodeURIComponent(lessonId)}`, v.undefined(), { method: 'DELETE', token });

/** The bytes of an uploaded file as a URL the preview can show (an <img> cannot send the token). */
export async function mediaObjectUrl(token: string, id: string, name: string): Promise<string | null> {
  try {
    const res = await fetch(`${course(id)}/media/${encodeURIComponent(name)}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    return res.ok ? URL.createObjectURL(await res.blob()) : null;
  } catch {
    return null;
  }
}

export interface QuizUpload {
  id: string;
  title: string;
  mode: 'latihan' | 'ujian';
  role: 'practice' | 'pretest' | 'posttest';
  fileName: string;
  text: string;
}

export type DetailedAnswer<T> = { ok: true; data: T } | { ok: false; code: string; details: unknown };

/**
 * Like `apiFetch`, but a refusal keeps the server's `details` (the file and line of each import
 * issue, or of a draft problem) so the screen can name every line to fix.
 */
async function detailedFetch<S extends v.GenericSchema>(
  path: string,
  schema: S,
  init: RequestInit & { token: string },
): Promise<DetailedAnswer<v.InferOutput<S>>> {
  let res: Response;
  try {
    res = await fetch(path, {
      ...init,
      headers: { Authorization: `Bearer ${init.token}`, 'Content-Type': 'application/json' },
    });
  } catch {
    return { ok: false, code: 'offline', details: null };
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.ok) {
    const parsed = v.safeParse(schema, body);
    return parsed.success ? { ok: true, data: parsed.output } : { ok: false, code: 'bad_response', details: null };
  }
  const refused = v.safeParse(
    v.object({ error: v.object({ code: v.string(), details: v.optional(v.unknown()) }) }),
    body,
  );
  return refused.success
    ? { ok: false, code: refused.output.error.code, details: refused.output.error.details }
    : { ok: false, code: 'unknown', details: null };
}

export type QuizIssue = v.InferOutput<typeof QuizImportIssueSchema>;

/** The issues of a refused import (`quiz_import_failed` details), or none. */
export function importIssues(details: unknown): QuizIssue[] {
  const parsed = v.safeParse(v.object({ errors: v.array(QuizImportIssueSchema) }), details);
  return parsed.success ? parsed.output.errors : [];
}

/** Where a draft problem is (`draft_invalid` details), or null. */
export function draftProblem(details: unknown): { file: string; line: number; detail: string } | null {
  const parsed = v.safeParse(
    v.object({ file: v.string(), line: v.number(), detail: v.optional(v.string(), '') }),
    details,
  );
  return parsed.success ? parsed.output : null;
}

export const importQuiz = (token: string, id: string, upload: QuizUpload) =>
  detailedFetch(`${course(id)}/quizzes`, ImportQuizResultSchema, {
    method: 'POST',
    token,
    body: JSON.stringify(upload),
  });

export const PreviewSchema = v.object({
  manifest: CourseManifestSchema,
  quizzes: v.array(QuizDocumentSchema),
  changes: DraftChangesSchema,
});
export type Preview = v.InferOutput<typeof PreviewSchema>;

export const fetchPreview = (token: string, id: string) =>
  detailedFetch(`${course(id)}/preview`, PreviewSchema, { method: 'GET', token });

export const publishDraft = (token: string, id: string) =>
  detailedFetch(`${course(id)}/publish`, PublishDraftResultSchema, { method: 'POST', token, body: '{}' });

/** A draft's quiz in the question editor's shape (an imported one too). */
export const fetchQuiz = (token: string, id: string, quizId: string) =>
  apiFetch(`${course(id)}/quizzes/${encodeURIComponent(quizId)}`, QuizDraftSchema, { token });

/** Saves the quiz the question editor built; a refusal keeps the questions at fault (`quiz_invalid`). */
export const saveQuiz = (token: string, id: string, quizId: string, quiz: QuizDraft) =>
  detailedFetch(`${course(id)}/quizzes/${encodeURIComponent(quizId)}`, SaveQuizResultSchema, {
    method: 'PUT',
    token,
    body: JSON.stringify(quiz),
  });

/** The questions at fault of a refused save (`quiz_invalid` details), or none. */
export function quizIssues(details: unknown): QuizDraftIssue[] {
  const parsed = v.safeParse(v.object({ issues: v.array(QuizDraftIssueSchema) }), details);
  return parsed.success ? parsed.output.issues : [];
}
