import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { HTTPException } from 'hono/http-exception';
import * as v from 'valibot';
import { completeCourseUpload } from '../courses/complete-course-upload';
import { SLICE_BYTES } from '../courses/course-file-body';
import { findCourseUpload } from '../courses/course-upload';
import { putUploadChunk } from '../courses/put-upload-chunk';
import { startCourseUpload } from '../courses/start-course-upload';
import { apiError } from '../http/api-error';
import type { AppEnv } from '../http/app-env';
import { requireAuth } from '../http/require-auth';
import { validate } from '../http/validate';

/** Far beyond any course video; keeps a chunk's `seq` inside a PostgreSQL int at any chunk size. */
const MAX_FILE_BYTES = 64 * 1024 ** 3;

const StartUploadSchema = v.strictObject({
  sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'sha256 is the lowercase hex SHA-256 of the file')),
  size: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_FILE_BYTES)),
  type: v.pipe(v.string(), v.maxLength(100), v.regex(/^[\w.+-]+\/[\w.+-]+$/, 'type is a media type such as video/mp4')),
});
const OffsetSchema = v.object({ offset: v.pipe(v.string(), v.regex(/^\d{1,15}$/, 'offset is a byte offset')) });
/** RFC 9530 `Content-Digest: sha-256=:<base64>:` — the chunk's own hash, checked before it is stored. */
const DIGEST = /(?:^|,)\s*sha-256=:([A-Za-z0-9+/]{43}=):/;

const security = [{ bearer: [] }];
const errors = (text: string) => ({ description: text });

/**
 * The resumable upload of course files of any size (docs/course-package.md, "Uploading large
 * files"): start → PUT chunks in order → complete. Each request stays under the body limit.
 */
export const courseUploadRoutes: Hono<AppEnv> = new Hono<AppEnv>()
  .post(
    '/api/course-uploads',
    describeRoute({
      operationId: 'startCourseUpload',
      summary: 'Start or resume the upload of one course file by its SHA-256, size and type (author)',
      description:
        'Answers where to continue (`offset`) and the chunk size; `stored: true` when the server holds the file.',
      tags: ['courses'],
      security,
      responses: {
        201: { description: 'A new upload' },
        200: { description: 'An upload resumed (`offset` to continue from), or the file is already stored' },
        400: errors('`invalid_request`'),
        409: errors('`upload_conflict`: the hash is stored or uploading with another size'),
      },
    }),
    requireAuth('author', 'admin'),
    validate('json', StartUploadSchema),
    async (c) => {
      // Each chunk is one request: it must pass the per-request body limit like anything else.
      const chunkBytes = Math.min(SLICE_BYTES, c.var.config.maxBodyBytes);
      const started = await startCourseUpload(c.var.store, c.req.valid('json'), c.var.account.id, chunkBytes);
      return c.json(started, started.stored || started.resumed ? 200 : 201);
    },
  )
  .get(
    '/api/course-uploads/:uploadId',
    describeRoute({
      operationId: 'getCourseUpload',
      summary: 'Where an upload stands: the offset of the next chunk to send',
      tags: ['courses'],
      security,
      responses: { 200: { description: 'The upload' }, 404: errors('`upload_not_found`') },
    }),
    requireAuth('author', 'admin'),
    async (c) => c.json(await findCourseUpload(c.var.store, c.req.param('uploadId'), c.var.account.id)),
  )
  .put(
    '/api/course-uploads/:uploadId/chunks/:offset',
    describeRoute({
      operationId: 'putCourseUploadChunk',
      summary: 'Send the chunk at `offset` with its `Content-Digest: sha-256=:…:`; answers the next offset',
      tags: ['courses'],
      security,
      responses: {
        200: { description: 'Stored; `offset` is where the next chunk starts' },
        400: errors(
          '`chunk_digest_missing`, `chunk_length_mismatch`, `chunk_hash_mismatch`, `body_incomplete`: not stored',
        ),
        404: errors('`upload_not_found`'),
        409: errors('`upload_offset_mismatch`: details.offset is where to continue'),
        413: errors('`body_too_large`'),
      },
    }),
    requireAuth('author', 'admin'),
    validate('param', OffsetSchema),
    async (c) => {
      const digest = DIGEST.exec(c.req.header('content-digest') ?? '');
      if (!digest) {
        return apiError(c, 400, 'chunk_digest_missing', 'Send the chunk with Content-Digest: sha-256=:<base64>:');
      }
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await c.req.arrayBuffer());
      } catch (err) {
        if (err instanceof HTTPException) throw err; // the body limit's own 413
        // The link dropped mid-chunk: nothing was stored; the client resumes at the same offset.
        return apiError(c, 400, 'body_incomplete', 'The chunk ended early');
      }
      const offset = await putUploadChunk(c.var.store, {
        uploadId: c.req.param('uploadId'),
        accountId: c.var.account.id,
        offset: Number(c.req.valid('param').offset),
        bytes,
        sha256: Buffer.from(digest[1]!, 'base64').toString('hex'),
      });
      return c.json({ offset });
    },
  )
  .post(
    '/api/course-uploads/:uploadId/complete',
    describeRoute({
      operationId: 'completeCourseUpload',
      summary: 'Finish an upload: the server hashes what arrived and stores the file if it is the declared SHA-256',
      tags: ['courses'],
      security,
      responses: {
        201: { description: 'Stored' },
        200: { description: 'The same file was stored meanwhile (by this call racing another, or another author)' },
        404: errors('`upload_not_found`'),
        409: errors('`upload_incomplete` (details.offset), `upload_hash_mismatch` (the upload was discarded)'),
      },
    }),
    requireAuth('author', 'admin'),
    async (c) => {
      const done = await completeCourseUpload(c.var.store, c.req.param('uploadId'), c.var.account.id);
      return c.json({ hash: done.hash, size: done.size }, done.stored ? 201 : 200);
    },
  );
