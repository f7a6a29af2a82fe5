import { Hono, type Context } from 'hono';
import { describeRoute, type DescribeRouteOptions } from 'hono-openapi';
import * as v from 'valibot';
import {
  AttachMediaSchema,
  CreateDraftSchema,
  DraftChangesSchema,
  DraftIdSchema,
  DraftMediaSchema,
  DraftSchema,
  DraftSummarySchema,
  ImportQuizResultSchema,
  ImportQuizSchema,
  MediaNameSchema,
  PublishDraftResultSchema,
  PublishDraftSchema,
  SaveLessonSchema,
} from '../../shared/authoring/authoring-api';
import { QuizDraftSchema, SaveQuizResultSchema } from '../../shared/authoring/quiz-draft';
import { CourseManifestSchema } from '../../shared/course/manifest';
import { QuizDocumentSchema } from '../../shared/quiz/question';
import { recordAudit } from '../audit/record-audit';
import { attachDraftMedia } from '../authoring/attach-draft-media';
import { createDraft } from '../authoring/create-draft';
import { getDraft, listDrafts } from '../authoring/get-draft';
import { importDraftQuiz } from '../authoring/import-draft-quiz';
import { previewDraft, publishDraft } from '../authoring/publish-draft';
import { getDraftQuiz, saveDraftQuiz } from '../authoring/save-draft-quiz';
import { deleteDraftLesson, saveDraftLesson } from '../authoring/save-draft-lesson';
import { storeDraftMedia } from '../authoring/store-draft-media';
import { courseFileBody } from '../courses/course-file-body';
import { apiError } from '../http/api-error';
import type { AppEnv } from '../http/app-env';
import { jsonContent } from '../http/json-content';
import { requireAuth } from '../http/require-auth';
import { validate } from '../http/validate';

const CourseParam = v.object({ courseId: DraftIdSchema });
const LessonParam = v.object({ courseId: DraftIdSchema, lessonId: DraftIdSchema });
const QuizParam = v.object({ courseId: DraftIdSchema, quizId: DraftIdSchema });
const MediaParam = v.object({ courseId: DraftIdSchema, name: MediaNameSchema });
const PreviewQuery = v.object({ version: v.optional(PublishDraftSchema.entries.version) });
const notFound = { description: '`draft_not_found`: no such course draft' };

/**
 * What every authoring route says of itself: its tag, the bearer token, and 403 for an account that
 * is neither author nor admin (the `use` below refuses them before any handler runs).
 */
const authoringRoute = ({ responses, ...spec }: DescribeRouteOptions & { operationId: string; summary: string }) =>
  describeRoute({
    ...spec,
    tags: ['authoring'],
    security: [{ bearer: [] }],
    responses: { ...responses, 403: { description: 'Not an author or admin' } },
  });

/** The audit row of a quiz put into a draft, imported from a file or saved from the editor. */
const auditQuizChange = (c: Context<AppEnv>, courseId: string, detail: Record<string, unknown>) =>
  recordAudit(c.var.store, {
    actorId: c.var.account.id,
    action: 'course.import',
    targetType: 'course',
    targetId: courseId,
    regionCode: null,
    detail,
  });

/**
 * Courses written in the browser (docs/authoring.md): drafts, lessons, media, quiz import, preview
 * with what a phone would download, and publishing signed with the server-held course key.
 * Every route is for authors and admins.
 */
export const authoringRoutes: Hono<AppEnv> = new Hono<AppEnv>()
  .use('/api/authoring/*', requireAuth('author', 'admin'))
  .get(
    '/api/authoring/courses',
    authoringRoute({
      operationId: 'listCourseDrafts',
      summary: 'Course drafts written in the browser, newest change first',
      responses: {
        200: { description: 'The drafts', content: jsonContent(v.array(DraftSummarySchema)) },
      },
    }),
    async (c) => c.json(await listDrafts(c.var.store)),
  )
  .post(
    '/api/authoring/courses',
    authoringRoute({
      operationId: 'createCourseDraft',
      summary: 'Start a course in the browser (the server makes its publisher key)',
      responses: {
        201: { description: 'Created', content: jsonContent(DraftSchema) },
        409: { description: '`course_exists`: a draft or a published course has this id' },
      },
    }),
    validate('json', CreateDraftSchema),
    async (c) => {
      await createDraft(c.var.store, c.req.valid('json'), c.var.account.id);
      return c.json(await getDraft(c.var.store, c.req.valid('json').id), 201);
    },
  )
  .get(
    '/api/authoring/courses/:courseId',
    authoringRoute({
      operationId: 'getCourseDraft',
      summary: 'A course draft with its lessons, media and quizzes',
      responses: { 200: { description: 'The draft', content: jsonContent(DraftSchema) }, 404: notFound },
    }),
    validate('param', CourseParam),
    async (c) => c.json(await getDraft(c.var.store, c.req.valid('param').courseId)),
  )
  .put(
    '/api/authoring/courses/:courseId/lessons/:lessonId',
    authoringRoute({
      operationId: 'saveDraftLesson',
      summary: "Save a lesson's Markdown (starts with `# Title`; links uploads as `media/<name>`)",
      responses: { 204: { description: 'Saved' }, 404: notFound },
    }),
    validate('param', LessonParam),
    validate('json', SaveLessonSchema),
    async (c) => {
      const { courseId, lessonId } = c.req.valid('param');
      await saveDraftLesson(c.var.store, courseId, lessonId, c.req.valid('json'));
      return c.body(null, 204);
    },
  )
  .delete(
    '/api/authoring/courses/:courseId/lessons/:lessonId',
    authoringRoute({
      operationId: 'deleteDraftLesson',
      summary: 'Remove a lesson from a draft',
      responses: { 204: { description: 'Removed' }, 404: { description: 'No such draft or lesson' } },
    }),
    validate('param', LessonParam),
    async (c) => {
      const { courseId, lessonId } = c.req.valid('param');
      if (!(await deleteDraftLesson(c.var.store, courseId, lessonId))) {
        return apiError(c, 404, 'not_found', `No lesson ${lessonId} in ${courseId}`);
      }
      return c.body(null, 204);
    },
  )
  .post(
    '/api/authoring/courses/:courseId/media',
    authoringRoute({
      operationId: 'attachDraftMedia',
      summary:
        'Add a file stored through the resumable upload (`completeCourseUpload`) to the lessons, by name and SHA-256',
      description:
        'The type comes from the name; the declared type and the stored bytes (their signature, read from the ' +
        "file's start) must agree with it. Lessons link the file as `media/<name>`. How the browser uploads: " +
        'docs/authoring.md, "Uploads".',
      responses: {
        200: { description: 'Added', content: jsonContent(DraftMediaSchema) },
        400: { description: '`invalid_request`, `empty_file`' },
        404: { description: '`draft_not_found`, or `file_not_found`: no stored file has this hash' },
        409: {
          description: "`upload_incomplete`: this account's upload of the file is still under way (details.offset)",
        },
        413: { description: '`media_too_large` (details.limit in bytes)' },
        415: { description: '`media_type_unsupported`, or `media_type_mismatch` (declared type or bytes disagree)' },
      },
    }),
    validate('param', CourseParam),
    validate('json', AttachMediaSchema),
    async (c) => {
      const { courseId } = c.req.valid('param');
      return c.json(await attachDraftMedia(c.var.store, courseId, c.req.valid('json'), c.var.account.id));
    },
  )
  .put(
    '/api/authoring/courses/:courseId/media/:name',
    authoringRoute({
      operationId: 'uploadDraftMedia',
      summary: 'Upload a small image, audio, video or PDF in one request (raw body, Content-Type as the file is)',
      description:
        'The type comes from the name; the declared Content-Type and the bytes themselves must agree with it. ' +
        'Lessons link the file as `media/<name>`. The body limit applies (413 `body_too_large`): larger files ' +
        'go through the resumable upload and `attachDraftMedia`, as the authoring screen sends every file.',
      responses: {
        200: { description: 'Stored', content: jsonContent(DraftMediaSchema) },
        400: { description: '`empty_file`' },
        404: notFound,
        413: { description: '`media_too_large` (details.limit in bytes), `body_too_large`' },
        415: { description: '`media_type_unsupported`, or `media_type_mismatch` (declared type or bytes disagree)' },
      },
    }),
    validate('param', MediaParam),
    async (c) => {
      const { courseId, name } = c.req.valid('param');
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      return c.json(await storeDraftMedia(c.var.store, courseId, name, bytes, c.req.header('content-type')));
    },
  )
  .get(
    '/api/authoring/courses/:courseId/media/:name',
    authoringRoute({
      operationId: 'getDraftMedia',
      summary: "A draft's uploaded file, for the editor's preview",
      responses: { 200: { description: 'The file' }, 404: { description: 'No such draft or file' } },
    }),
    validate('param', MediaParam),
    async (c) => {
      const { courseId, name } = c.req.valid('param');
      const found = (await getDraft(c.var.store, courseId)).media.find((m) => m.name === name);
      if (!found) return apiError(c, 404, 'file_not_found', `No file ${name} in ${courseId}`);
      c.header('Content-Type', found.type);
      c.header('Content-Length', String(found.size));
      c.header('Cache-Control', 'private, no-cache');
      // Streamed slice by slice: an author previewing a long video holds one slice in the server.
      if (found.size === 0) return c.body(new Uint8Array(0), 200);
      return c.body(courseFileBody(c.var.store, found.hash, 0, found.size - 1), 200);
    },
  )
  .post(
    '/api/authoring/courses/:courseId/quizzes',
    authoringRoute({
      operationId: 'importDraftQuiz',
      summary: 'Import a quiz from a GIFT file (as Moodle writes it) or an Aiken file',
      description:
        'The whole file is refused when any question cannot be read: 422 `quiz_import_failed` lists every ' +
        'error with its file and line in `details.errors`. Partial credit comes back in `warnings`.',
      responses: {
        201: { description: 'Imported', content: jsonContent(ImportQuizResultSchema) },
        404: notFound,
        422: { description: '`quiz_import_failed` (details.errors: file, line, code, detail)' },
      },
    }),
    validate('param', CourseParam),
    validate('json', ImportQuizSchema),
    async (c) => {
      const { courseId } = c.req.valid('param');
      const upload = c.req.valid('json');
      const result = await importDraftQuiz(c.var.store, courseId, upload);
      await auditQuizChange(c, courseId, { quiz: result.id, file: upload.fileName, questions: result.questionCount });
      return c.json(result, 201);
    },
  )
  .get(
    '/api/authoring/courses/:courseId/quizzes/:quizId',
    authoringRoute({
      operationId: 'getDraftQuiz',
      summary: "A draft's quiz as the question editor shows it (an imported one read with the shared parser)",
      responses: {
        200: { description: 'The quiz', content: jsonContent(QuizDraftSchema) },
        404: { description: '`draft_not_found`, or `not_found`: no such quiz' },
      },
    }),
    validate('param', QuizParam),
    async (c) => {
      const { courseId, quizId } = c.req.valid('param');
      return c.json(await getDraftQuiz(c.var.store, courseId, quizId));
    },
  )
  .put(
    '/api/authoring/courses/:courseId/quizzes/:quizId',
    authoringRoute({
      operationId: 'saveDraftQuiz',
      summary: 'Save a quiz written in the question editor (new, or replacing an imported or edited one)',
      description:
        'The body is the QuizDocument shape the CLI builds from a JSON quiz file, plus the role. The rules of ' +
        'the importer apply: 422 `quiz_invalid` lists each question at fault by index in `details.issues`.',
      responses: {
        200: { description: 'Saved', content: jsonContent(SaveQuizResultSchema) },
        400: { description: '`invalid_request`: not a quiz in the QuizDocument shape' },
        404: notFound,
        422: { description: '`quiz_invalid` (details.issues: question index from 0, -1 for the quiz; code)' },
      },
    }),
    validate('param', QuizParam),
    validate('json', QuizDraftSchema),
    async (c) => {
      const { courseId, quizId } = c.req.valid('param');
      const result = await saveDraftQuiz(c.var.store, courseId, quizId, c.req.valid('json'));
      // The same audit action as an import: the draft's quiz was replaced by the author.
      await auditQuizChange(c, courseId, { quiz: result.id, editor: true, questions: result.questionCount });
      return c.json(result, 200);
    },
  )
  .get(
    '/api/authoring/courses/:courseId/preview',
    authoringRoute({
      operationId: 'previewCourseDraft',
      summary: 'The package publishing would make, and what a phone with the last version would download',
      responses: {
        200: {
          description: 'Manifest, device quizzes and changes',
          content: jsonContent(
            v.object({
              manifest: CourseManifestSchema,
              quizzes: v.array(QuizDocumentSchema),
              changes: DraftChangesSchema,
            }),
          ),
        },
        404: notFound,
        422: { description: '`draft_invalid` (details: file, line, detail)' },
      },
    }),
    validate('param', CourseParam),
    validate('query', PreviewQuery),
    async (c) => c.json(await previewDraft(c.var.store, c.req.valid('param').courseId, c.req.valid('query').version)),
  )
  .post(
    '/api/authoring/courses/:courseId/publish',
    authoringRoute({
      operationId: 'publishCourseDraft',
      summary: 'Publish the draft as a new version, signed with the course key the server holds',
      responses: {
        201: { description: 'Published', content: jsonContent(PublishDraftResultSchema) },
        404: notFound,
        409: { description: '`version_exists`, `version_not_newer`' },
        422: { description: '`draft_invalid` (details: file, line, detail)' },
      },
    }),
    validate('param', CourseParam),
    validate('json', PublishDraftSchema),
    async (c) => {
      const { courseId } = c.req.valid('param');
      const result = await publishDraft(c.var.store, courseId, c.req.valid('json').version, c.var.account.id);
      return c.json(result, 201);
    },
  );
