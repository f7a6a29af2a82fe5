import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { sha256Hex } from '../../shared/course/bytes';
import { parseRange } from '../../shared/course/parse-range';
import { SignedManifestSchema } from '../../shared/course/signed-manifest';
import { QuizDocumentSchema } from '../../shared/quiz/question';
import { CatalogCourseSchema } from '../../shared/course/catalog';
import { COURSE_FILE_TYPE } from '../../shared/course/course-file';
import { courseFileName } from '../../shared/course/course-file-name';
import { CoursePublisherListSchema } from '../../shared/course/course-file-publishers';
import { parseManifestText } from '../../shared/course/manifest-signature';
import { recordAudit } from '../audit/record-audit';
import { listCatalog } from '../courses/course-catalog';
import { listCoursePublishers } from '../courses/course-file-publishers';
import { courseFileStream } from '../courses/course-file-stream';
import { findSignedManifest } from '../courses/find-signed-manifest';
import { publishCourse } from '../courses/publish-course';
import { answerCourseFile } from '../courses/answer-course-file';
import { findReadableFile } from '../courses/read-course-file';
import { storeCourseFile } from '../courses/store-course-file';
import { withdrawCourse } from '../courses/withdraw-course';
import { apiError } from '../http/api-error';
import type { AppEnv } from '../http/app-env';
import { jsonContent } from '../http/json-content';
import { requireAuth } from '../http/require-auth';
import { validate } from '../http/validate';
import { courseUploadRoutes } from './course-upload-routes';

const HASH = /^[0-9a-f]{64}$/;
const PublishRequestSchema = v.strictObject({
  envelope: SignedManifestSchema,
  quizzes: v.pipe(v.array(QuizDocumentSchema), v.maxLength(200)),
});
const security = [{ bearer: [] }];

/** Catalog, signed manifests, content-addressed files (Range, ETag) and publishing by authors. */
export const courseRoutes: Hono<AppEnv> = new Hono<AppEnv>()
  .get(
    '/api/courses',
    describeRoute({
      operationId: 'listCourses',
      summary: 'Published courses with their versions and sizes',
      tags: ['courses'],
      security,
      responses: { 200: { description: 'The catalog', content: jsonContent(v.array(CatalogCourseSchema)) } },
    }),
    requireAuth(),
    async (c) => c.json(await listCatalog(c.var.store)),
  )
  .get(
    '/api/courses/:courseId/versions/:version',
    describeRoute({
      operationId: 'getCourseManifest',
      summary: 'The signed manifest of a course version (`latest` for the newest)',
      tags: ['courses'],
      security,
      responses: {
        200: { description: 'Signed manifest envelope', content: jsonContent(SignedManifestSchema) },
        404: { description: 'No such course or version' },
        410: { description: 'The course was withdrawn' },
      },
    }),
    requireAuth(),
    async (c) => {
      const { courseId, version } = c.req.param();
      const found = await findSignedManifest(c.var.store, courseId, version);
      if (!found) return apiError(c, 404, 'course_not_found', `No version ${version} of course ${courseId}`);
      if (found.withdrawn) return apiError(c, 410, 'course_withdrawn', `Course ${courseId} was withdrawn`);
      return c.json(found.envelope);
    },
  )
  .get(
    '/api/courses/:courseId/versions/:version/file',
    describeRoute({
      operationId: 'downloadCourseFile',
      summary: 'A course version as one course file (signed manifest and every file), to carry offline',
      description:
        "For operators, authors and admins, who hand courses on at the office; a learner's phone shares its own " +
        'installed copy instead. The layout is in docs/course-package.md ("Course file").',
      tags: ['courses'],
      security,
      responses: {
        200: { description: 'The course file (streamed, `Content-Length` set)' },
        403: { description: 'Not an operator, author or admin' },
        404: { description: '`course_not_found`: no such course or version' },
        410: { description: '`course_withdrawn`' },
      },
    }),
    requireAuth('operator', 'author', 'admin'),
    async (c) => {
      const { courseId, version } = c.req.param();
      const found = await findSignedManifest(c.var.store, courseId, version);
      if (!found) return apiError(c, 404, 'course_not_found', `No version ${version} of course ${courseId}`);
      if (found.withdrawn) return apiError(c, 410, 'course_withdrawn', `Course ${courseId} was withdrawn`);
      // Verified at publish and stored verbatim: parsing it again only gives the file list and sizes.
      const manifest = parseManifestText(found.envelope.manifest);
      const { stream, size } = courseFileStream(c.var.store, found.envelope, manifest);
      c.header('Content-Type', COURSE_FILE_TYPE);
      c.header('Content-Length', String(size));
      c.header('Content-Disposition', `attachment; filename="${courseFileName(manifest)}"`);
      c.header('Cache-Control', 'private, no-store, no-transform');
      return c.body(stream, 200);
    },
  )
  .get(
    '/api/course-publishers',
    describeRoute({
      operationId: 'listCoursePublishers',
      summary: 'Public: every course with the publisher key of its latest version, for phones to pin',
      description:
        'A phone imports a course file offline, or downloads a course from a hub, only when it trusts its ' +
        'publisher key (docs/course-package.md). Public (public keys and course ids only), so a phone pins it ' +
        'when the app first opens with a signal, before anyone signs in: a phone enrolled at a hub without a ' +
        'signal can then download from the hub.',
      tags: ['courses'],
      responses: { 200: { description: 'Courses and keys', content: jsonContent(CoursePublisherListSchema) } },
    }),
    async (c) => c.json(await listCoursePublishers(c.var.store)),
  )
  .get(
    '/api/course-files/:hash',
    describeRoute({
      operationId: 'getCourseFile',
      summary: 'A course file by SHA-256; immutable, supports Range (206) and ETag (304)',
      tags: ['courses'],
      security,
      responses: {
        200: { description: 'The whole file' },
        206: { description: 'The requested byte range' },
        304: { description: 'Not modified' },
        404: { description: 'Unknown file' },
        416: { description: 'Range outside the file' },
      },
    }),
    requireAuth(),
    async (c) => {
      const hash = c.req.param('hash');
      if (!HASH.test(hash)) return apiError(c, 400, 'invalid_hash', 'A file is addressed by its lowercase hex SHA-256');
      const file = await findReadableFile(c.var.store, hash, c.var.account.role);
      if (!file) return apiError(c, 404, 'file_not_found', `No course file ${hash}`);
      // Content never changes under a hash: cache forever; no-transform keeps byte ranges exact.
      c.header('Cache-Control', 'private, max-age=31536000, immutable, no-transform');
      c.header('ETag', `"${hash}"`);
      c.header('Accept-Ranges', 'bytes');
      if (c.req.header('if-none-match')?.includes(`"${hash}"`)) return c.body(null, 304);
      const ifRange = c.req.header('if-range');
      const range =
        ifRange && ifRange !== `"${hash}"` ? { kind: 'full' as const } : parseRange(c.req.header('range'), file.size);
      return answerCourseFile(c, c.var.store, hash, file, range);
    },
  )
  .put(
    '/api/course-files/:hash',
    describeRoute({
      operationId: 'uploadCourseFile',
      summary: 'Upload one small file of a package in one request (author); the body must hash to :hash',
      description:
        'Bounded by the per-request body limit; a larger file goes through the resumable upload (`startCourseUpload`).',
      tags: ['courses'],
      security,
      responses: {
        201: { description: 'Stored' },
        200: { description: 'Already stored' },
        400: { description: 'Hash mismatch' },
      },
    }),
    requireAuth('author', 'admin'),
    async (c) => {
      const hash = c.req.param('hash');
      if (!HASH.test(hash)) return apiError(c, 400, 'invalid_hash', 'A file is addressed by its lowercase hex SHA-256');
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const actual = await sha256Hex(bytes);
      if (actual !== hash) return apiError(c, 400, 'hash_mismatch', `The body's SHA-256 is ${actual}, not ${hash}`);
      const type = c.req.header('content-type')?.split(';')[0] || 'application/octet-stream';
      const stored = await storeCourseFile(c.var.store, hash, bytes, type);
      return c.json({ hash, size: bytes.length }, stored ? 201 : 200);
    },
  )
  .post(
    '/api/courses',
    describeRoute({
      operationId: 'publishCourse',
      summary: 'Publish a signed course version whose files are uploaded (author)',
      tags: ['courses'],
      security,
      responses: {
        201: { description: 'Published' },
        200: { description: 'This exact version was already published' },
        400: { description: 'bad_signature, malformed_manifest, size_mismatch, quiz_mismatch, ujian_key_in_package' },
        403: { description: 'Not an author, or key_mismatch' },
        409: { description: 'missing_files (details: hashes to upload), version_exists, version_not_newer' },
        422: { description: 'piece_hash_mismatch: a piece of a file does not match its manifest `chunks` entry' },
      },
    }),
    requireAuth('author', 'admin'),
    validate('json', PublishRequestSchema),
    async (c) => {
      // A refused publish throws a CourseProblem, which the app's onError answers.
      const result = await publishCourse(c.var.store, c.req.valid('json'), c.var.account.id);
      if (!result.alreadyPublished) {
        await recordAudit(c.var.store, {
          actorId: c.var.account.id,
          action: 'course.publish',
          targetType: 'course',
          targetId: result.courseId,
          regionCode: null,
          detail: { version: result.version, sizeBytes: result.sizeBytes },
        });
      }
      return c.json(result, result.alreadyPublished ? 200 : 201);
    },
  )
  .post(
    '/api/courses/:courseId/withdraw',
    describeRoute({
      operationId: 'withdrawCourse',
      summary: 'Withdraw a course from the catalog (its publisher or admin); installed copies keep working',
      description:
        'Follows the publishing rule: only an author who published a version signed with the course key of its ' +
        'latest version (or an admin) may withdraw it.',
      tags: ['courses'],
      security,
      responses: {
        204: { description: 'Withdrawn' },
        403: { description: '`not_course_publisher`: another author published this course' },
        404: { description: 'No such course' },
      },
    }),
    requireAuth('author', 'admin'),
    async (c) => {
      await withdrawCourse(c.var.store, c.req.param('courseId'), c.var.account);
      await recordAudit(c.var.store, {
        actorId: c.var.account.id,
        action: 'course.withdraw',
        targetType: 'course',
        targetId: c.req.param('courseId'),
        regionCode: null,
      });
      return c.body(null, 204);
    },
  )
  .route('/', courseUploadRoutes);
