import * as v from 'valibot';
import { QuizModeSchema } from '../quiz/question';
import { MaxAttemptsSchema, ReviewPolicySchema, WaitMinutesSchema } from '../quiz/quiz-policy';

// The course package manifest: what a course version contains, every file by SHA-256.
// Shared by the CLI (writes it), the server (checks it) and the app (verifies and installs it).
// docs/course-package.md explains the format and the signature.

const Id = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'ids are lowercase letters, digits and dashes'));
const Hash = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lowercase hex'));
const Title = v.pipe(v.string(), v.minLength(1), v.maxLength(200));

/**
 * The piece size of `FileEntry.chunks`: piece `i` is bytes `i * FILE_CHUNK_BYTES` up to the next
 * piece (the last one shorter). Also the Range size the phone fetches such a file in.
 */
export const FILE_CHUNK_BYTES = 256 * 1024;

/** How many `chunks` a file of `size` bytes lists. */
export const chunkCount = (size: number) => Math.ceil(size / FILE_CHUNK_BYTES);

export const FileEntrySchema = v.pipe(
  v.object({
    hash: Hash,
    size: v.pipe(v.number(), v.integer(), v.minValue(0)),
    /** Path inside the authoring folder, e.g. `media/siklus.svg`; lessons link media by it. */
    path: v.pipe(v.string(), v.minLength(1), v.maxLength(300)),
    /** MIME type. */
    type: v.string(),
    /**
     * SHA-256 of each `FILE_CHUNK_BYTES` piece, in order, for a file larger than one piece: the phone
     * checks every piece as it arrives and refetches only a bad one. Absent in manifests written
     * before it (and for small files): the file is then checked whole, by `hash`, once complete.
     */
    chunks: v.optional(v.array(Hash)),
  }),
  v.check(
    (f) => f.chunks === undefined || (f.size > FILE_CHUNK_BYTES && f.chunks.length === chunkCount(f.size)),
    'chunks lists one SHA-256 per 256 KiB of a file larger than that',
  ),
);
export type FileEntry = v.InferOutput<typeof FileEntrySchema>;

/** Where a quiz sits in the course, which decides how it counts in reports. */
export const QuizRoleSchema = v.picklist(['practice', 'pretest', 'posttest']);
export type QuizRole = v.InferOutput<typeof QuizRoleSchema>;

export const QuizRefSchema = v.object({
  id: Id,
  title: Title,
  mode: QuizModeSchema,
  role: QuizRoleSchema,
  /** Hash of the quiz JSON (a `QuizDocument`). */
  file: Hash,
  questionCount: v.pipe(v.number(), v.integer(), v.minValue(1)),
  timeLimitMinutes: v.optional(v.number()),
  passScore: v.optional(v.number()),
  /** The quiz policy (`quizPolicyOf` fills in the role's default for what is absent, as in older manifests). */
  review: v.optional(ReviewPolicySchema),
  maxAttempts: v.optional(MaxAttemptsSchema),
  waitMinutes: v.optional(WaitMinutesSchema),
});
export type QuizRef = v.InferOutput<typeof QuizRefSchema>;

export const LessonRefSchema = v.object({
  id: Id,
  title: Title,
  /** Hash of the lesson Markdown. */
  file: Hash,
});
export type LessonRef = v.InferOutput<typeof LessonRefSchema>;

export const ModuleSchema = v.object({
  id: Id,
  title: Title,
  lessons: v.array(LessonRefSchema),
  quizzes: v.array(QuizRefSchema),
});
export type CourseModule = v.InferOutput<typeof ModuleSchema>;

export const CourseManifestSchema = v.object({
  format: v.literal(1),
  id: Id,
  version: v.pipe(v.string(), v.regex(/^\d+\.\d+\.\d+$/, 'a version like 1.2.0')),
  title: Title,
  language: v.string(),
  description: v.optional(v.string()),
  publishedAt: v.string(),
  modules: v.array(ModuleSchema),
  pretest: v.optional(QuizRefSchema),
  posttest: v.optional(QuizRefSchema),
  /** Every file of this version; an update downloads only the hashes the device lacks. */
  files: v.array(FileEntrySchema),
});
export type CourseManifest = v.InferOutput<typeof CourseManifestSchema>;
