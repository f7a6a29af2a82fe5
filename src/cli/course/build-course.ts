import { readFile } from 'node:fs/promises';
import { basename, extname, join, posix } from 'node:path';
import * as v from 'valibot';
import { parse as parseYaml } from 'yaml';
import { sha256Hex } from '../../shared/course/bytes';
import {
  FILE_CHUNK_BYTES,
  type CourseManifest,
  type FileEntry,
  type LessonRef,
  type QuizRef,
  type QuizRole,
} from '../../shared/course/manifest';
import { parseManifestText } from '../../shared/course/manifest-signature';
import { toDeviceQuiz } from '../../shared/quiz/device-quiz';
import { quizPolicyOf } from '../../shared/quiz/quiz-policy';
import { QuizDocumentSchema, type QuizDocument } from '../../shared/quiz/question';
import { CourseBuildError } from './course-build-error';
import { readCourseSource, type CourseSource, type QuizSource } from './course-source';
import { lessonLinks } from './lesson-links';
import { mediaType } from './media-types';
import { pieceHashes } from './piece-hashes';
import { quizFileToDocument } from './quiz-file-to-document';

export interface PackageFile {
  bytes: Uint8Array<ArrayBuffer>;
  type: string;
  path: string;
}

export interface BuiltCourse {
  manifest: CourseManifest;
  /**
   * Content-addressed files by SHA-256 that the build holds in memory: what the device downloads,
   * except files the folder says are stored already (`CourseFolder.stored`), which only the manifest lists.
   */
  files: Map<string, PackageFile>;
  /** FULL quiz documents (ujian keys included): these go to the server only, never to the device. */
  serverQuizzes: QuizDocument[];
}

/**
 * What a package is built from: the course.yaml content and the files it names. A folder on disk
 * for the CLI; a draft in the server's store for courses written in the browser.
 */
export interface CourseFolder {
  /** Put before file paths in errors ('' for none). */
  name: string;
  source: CourseSource;
  /** The bytes at a path inside the course, or null when there is no such file. */
  read: (path: string) => Promise<Uint8Array<ArrayBuffer> | null>;
  /**
   * A linked media file that is stored already (a draft's upload on the server), or null to `read`
   * it: the build lists it by its known hash, size and type and streams its slices only for the
   * piece hashes, so a large video is never read whole.
   */
  stored?: (path: string) => Promise<StoredFile | null>;
}

/** A file the build does not read whole: what the store knows of it, and its bytes slice by slice. */
export interface StoredFile {
  hash: string;
  size: number;
  type: string;
  slices: () => AsyncIterable<Uint8Array>;
}

/**
 * Builds a course package from an authoring folder (course.yaml, Markdown lessons, media, GIFT or
 * JSON/YAML quizzes). Throws `CourseBuildError` naming the file and line of the first problem.
 * @example const built = await buildCourse('content/perencanaan-pembangunan-desa');
 */
export async function buildCourse(dir: string, options: { publishedAt?: string } = {}): Promise<BuiltCourse> {
  const read = (path: string) =>
    readFile(join(dir, path)).then(
      (bytes) => new Uint8Array(bytes),
      () => null,
    );
  return buildPackage({ name: dir.replace(/\\/g, '/'), source: await readCourseSource(dir), read }, options);
}

/**
 * Builds a course package from any course folder, on disk or not; the same checks as `buildCourse`.
 * @example const built = await buildPackage({ name: '', source, read: (path) => draftFile(path) });
 */
export async function buildPackage(folder: CourseFolder, options: { publishedAt?: string } = {}): Promise<BuiltCourse> {
  const show = (p: string) => posix.join(folder.name, p);
  const source = folder.source;
  const files = new Map<string, PackageFile>();
  // Every file the manifest lists, in the order first added; `chunks` is known already for a stored one.
  const listed = new Map<string, { path: string; type: string; size: number; chunks?: string[] }>();
  const add = async (bytes: Uint8Array<ArrayBuffer>, path: string, type: string) => {
    const hash = await sha256Hex(bytes);
    files.set(hash, { bytes, type, path });
    listed.set(hash, { path, type, size: bytes.length });
    return hash;
  };
  const streamed = new Map<string, string[]>();
  const addStored = async (file: StoredFile, path: string, from: string, line: number) => {
    // A video two lessons link is streamed once.
    if (!streamed.has(file.hash)) {
      const pieces = await pieceHashes(file.slices());
      // Shorter in the store than its size says: as good as missing.
      if (pieces.size !== file.size) throw new CourseBuildError(from, line, `file not found: ${path}`);
      streamed.set(file.hash, pieces.hashes);
    }
    const chunks = file.size > FILE_CHUNK_BYTES ? streamed.get(file.hash) : undefined;
    listed.set(file.hash, { path, type: file.type, size: file.size, ...(chunks && { chunks }) });
  };
  const read = async (path: string, from: string, line: number) => {
    const bytes = await folder.read(path);
    if (!bytes) throw new CourseBuildError(from, line, `file not found: ${path}`);
    return bytes;
  };

  const lesson = async (path: string, id?: string): Promise<LessonRef> => {
    const bytes = await read(path, show('course.yaml'), 1);
    const text = new TextDecoder().decode(bytes);
    const title = /^#\s+(.+)$/m.exec(text)?.[1]?.trim();
    if (!title) throw new CourseBuildError(show(path), 1, 'a lesson starts with a "# Title" heading');
    for (const link of lessonLinks(text, path)) {
      const type = mediaType(link.path);
      if (!type) throw new CourseBuildError(show(path), link.line, `unsupported media type: ${link.href}`);
      const stored = await folder.stored?.(link.path);
      if (stored) await addStored(stored, link.path, show(path), link.line);
      else await add(await read(link.path, show(path), link.line), link.path, type);
    }
    const file = await add(bytes, path, 'text/markdown');
    return { id: id ?? basename(path, extname(path)), title, file };
  };

  const serverQuizzes: QuizDocument[] = [];
  const quiz = async (q: QuizSource, role: QuizRole): Promise<QuizRef> => {
    const id = q.id ?? basename(q.file, extname(q.file));
    const header = { id, title: q.title, mode: q.mode, timeLimitMinutes: q.timeLimitMinutes, passScore: q.passScore };
    const text = new TextDecoder().decode(await read(q.file, show('course.yaml'), 1));
    // GIFT and Aiken (.gift, .aiken, or Moodle's .txt for either); JSON or YAML in the QuizDocument shape.
    const full = /\.(gift|aiken|txt)$/i.test(q.file)
      ? quizFileToDocument(text, show(q.file), header)
      : plainQuiz(text, show(q.file), header);
    if (role !== 'practice' && q.mode !== 'ujian') {
      throw new CourseBuildError(show('course.yaml'), 1, `${role} ${id} must have mode ujian`);
    }
    serverQuizzes.push(full);
    const device = new TextEncoder().encode(JSON.stringify(toDeviceQuiz(full)));
    const file = await add(device, `quizzes/${id}.json`, 'application/json');
    const ref: QuizRef = { id, title: q.title, mode: q.mode, role, file, questionCount: full.questions.length };
    if (q.timeLimitMinutes !== undefined) ref.timeLimitMinutes = q.timeLimitMinutes;
    if (q.passScore !== undefined) ref.passScore = q.passScore;
    // The manifest carries the whole policy, defaults resolved, so phone and server read one answer.
    const policy = quizPolicyOf({
      role,
      mode: q.mode,
      review: q.review,
      ...(q.maxAttempts !== undefined && { maxAttempts: q.maxAttempts === 'unlimited' ? null : q.maxAttempts }),
      waitMinutes: q.waitMinutes,
    });
    if (q.mode === 'ujian') ref.review = policy.review;
    ref.maxAttempts = policy.maxAttempts;
    if (policy.waitMinutes > 0) ref.waitMinutes = policy.waitMinutes;
    return ref;
  };

  const modules = [];
  for (const m of source.modules) {
    const lessons = [];
    for (const l of m.lessons) lessons.push(await lesson(l.file, l.id));
    const quizzes = [];
    for (const q of m.quizzes) quizzes.push(await quiz(q, 'practice'));
    modules.push({ id: m.id, title: m.title, lessons, quizzes });
  }
  const manifest: CourseManifest = {
    format: 1,
    id: source.id,
    version: source.version,
    title: source.title,
    language: source.language,
    ...(source.description ? { description: source.description } : {}),
    publishedAt: options.publishedAt ?? new Date().toISOString(),
    modules,
    ...(source.pretest ? { pretest: await quiz(source.pretest, 'pretest') } : {}),
    ...(source.posttest ? { posttest: await quiz(source.posttest, 'posttest') } : {}),
    files: await Promise.all(
      [...listed].map(async ([hash, f]): Promise<FileEntry> => {
        const bytes = files.get(hash)?.bytes;
        const chunks =
          f.chunks ?? (bytes && f.size > FILE_CHUNK_BYTES ? (await pieceHashes([bytes])).hashes : undefined);
        return { hash, size: f.size, path: f.path, type: f.type, ...(chunks && { chunks }) };
      }),
    ),
  };
  // The same checks the server and the phone run: a package we build must pass them.
  parseManifestText(JSON.stringify(manifest));
  return { manifest, files, serverQuizzes };
}

/** A quiz written as JSON or YAML: `{questions, keys, explanations}` in the QuizDocument shape. */
function plainQuiz(text: string, file: string, header: Omit<QuizDocument, 'questions'>): QuizDocument {
  let data: unknown;
  try {
    data = parseYaml(text); // YAML is a superset of JSON
  } catch (err) {
    const line = (err as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line ?? 1;
    throw new CourseBuildError(file, line, `cannot read quiz: ${(err as Error).message.split('\n')[0]}`);
  }
  const merged = {
    ...(data as object),
    ...Object.fromEntries(Object.entries(header).filter(([, x]) => x !== undefined)),
  };
  const result = v.safeParse(QuizDocumentSchema, merged);
  if (!result.success) {
    const issue = result.issues[0];
    throw new CourseBuildError(file, 1, `${v.getDotPath(issue) ?? 'quiz'}: ${issue.message}`);
  }
  return result.output;
}
