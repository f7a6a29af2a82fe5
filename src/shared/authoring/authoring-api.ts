import * as v from 'valibot';
import { QuizRoleSchema } from '../course/manifest';
import { QuizModeSchema } from '../quiz/question';

// Requests and answers of the author API (/api/authoring/*, role author or admin): courses written
// in the browser. docs/authoring.md describes the flow and where the publisher key lives.

export const DraftIdSchema = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'ids are lowercase letters, digits and dashes'),
);
/** A media file's name in the draft: lessons link it as `media/<name>`. */
export const MediaNameSchema = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'a file name of lowercase letters, digits, dots, dashes and underscores'),
);
const Title = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200));

/**
 * Largest lesson file an author may attach (200 MiB). A one-hour lecture encoded for cheap phones
 * (360p at 300 kbit/s with 64 kbit/s audio) is about 165 MB; a camera's raw clip or a 1080p export
 * is bigger and should be re-encoded before phones download it over a slow link.
 */
export const DRAFT_MEDIA_MAX_BYTES = 200 * 1024 * 1024;

/** Attaches a file already stored through the resumable upload (`completeCourseUpload`) to a draft. */
export const AttachMediaSchema = v.strictObject({
  name: MediaNameSchema,
  sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'sha256 is the lowercase hex SHA-256 of the file')),
  /** The type the browser gives the file; it must agree with the type its name gives. */
  type: v.optional(v.pipe(v.string(), v.maxLength(100))),
});

export const CreateDraftSchema = v.strictObject({
  id: DraftIdSchema,
  title: Title,
  description: v.optional(v.pipe(v.string(), v.maxLength(2000)), ''),
});

export const SaveLessonSchema = v.strictObject({
  /** Starts with a `# Title` line, like every lesson file. */
  markdown: v.pipe(v.string(), v.maxLength(200_000)),
  /** Where the lesson goes in the course (0 first); the end when left out. */
  position: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(999))),
});

export const ImportQuizSchema = v.strictObject({
  id: DraftIdSchema,
  title: Title,
  mode: QuizModeSchema,
  role: v.optional(QuizRoleSchema, 'practice'),
  /** The uploaded file's name: `.gift`, `.aiken`, or Moodle's `.txt` for either. */
  fileName: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  text: v.pipe(v.string(), v.maxLength(1_000_000)),
});

export const PublishDraftSchema = v.strictObject({
  /** The new version; the next minor version (1.0.0 at first) when left out. */
  version: v.optional(v.pipe(v.string(), v.regex(/^\d{1,4}\.\d{1,4}\.\d{1,4}$/, 'a version like 1.2.0'))),
});

export const DraftLessonSchema = v.object({ id: v.string(), position: v.number(), markdown: v.string() });
export const DraftMediaSchema = v.object({
  name: v.string(),
  /** The path lessons link: `media/<name>`. */
  path: v.string(),
  type: v.string(),
  size: v.number(),
  hash: v.string(),
});
export const DraftQuizSchema = v.object({
  id: v.string(),
  title: v.string(),
  mode: QuizModeSchema,
  role: QuizRoleSchema,
  fileName: v.string(),
  questionCount: v.number(),
});

export const DraftSummarySchema = v.object({
  id: v.string(),
  title: v.string(),
  description: v.string(),
  updatedAt: v.string(),
  /** The newest published version, null before the first publish. */
  publishedVersion: v.nullable(v.string()),
});
export type DraftSummary = v.InferOutput<typeof DraftSummarySchema>;

export const DraftSchema = v.object({
  ...DraftSummarySchema.entries,
  language: v.string(),
  lessons: v.array(DraftLessonSchema),
  media: v.array(DraftMediaSchema),
  quizzes: v.array(DraftQuizSchema),
});
export type Draft = v.InferOutput<typeof DraftSchema>;

/** One issue of an imported quiz file, as `quiz_import_failed` and a successful import list them. */
export const QuizImportIssueSchema = v.object({
  file: v.string(),
  line: v.number(),
  code: v.picklist([
    'syntax',
    'unsupported_type',
    'unsupported_weight',
    'empty_answers',
    'no_correct_answer',
    'bad_id',
    'duplicate_id',
    'no_questions',
  ]),
  detail: v.string(),
});

export const ImportQuizResultSchema = v.object({
  id: v.string(),
  questionCount: v.number(),
  warnings: v.array(QuizImportIssueSchema),
});

/** What a phone that has the last published version fetches to update to the draft. */
export const DraftChangesSchema = v.object({
  version: v.string(),
  previousVersion: v.nullable(v.string()),
  /** Package paths, e.g. `pengantar.md`, `media/foto.jpg`, `quizzes/latihan.json`. */
  added: v.array(v.string()),
  changed: v.array(v.string()),
  removed: v.array(v.string()),
  /** Files whose bytes the phone does not have yet, and their total size (the signed manifest comes on top). */
  downloadFiles: v.number(),
  downloadBytes: v.number(),
  manifestBytes: v.number(),
});
export type DraftChanges = v.InferOutput<typeof DraftChangesSchema>;

export const PublishDraftResultSchema = v.object({
  courseId: v.string(),
  version: v.string(),
  sizeBytes: v.number(),
  changes: DraftChangesSchema,
});
