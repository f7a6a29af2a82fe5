import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { ManifestDeltaSchema } from '../../shared/course/manifest-delta';
import { findManifestDelta } from '../courses/find-manifest-delta';
import { apiError } from '../http/api-error';
import type { AppEnv } from '../http/app-env';
import { jsonContent } from '../http/json-content';
import { requireAuth } from '../http/require-auth';
import { validate } from '../http/validate';

const DeltaQuerySchema = v.object({
  from: v.pipe(v.string(), v.regex(/^\d+\.\d+\.\d+$/, 'the installed version, like 1.2.0')),
});
const security = [{ bearer: [] }];

/** A course update by delta against the version a phone has installed (beside `getCourseManifest`). */
export const courseDeltaRoutes: Hono<AppEnv> = new Hono<AppEnv>().get(
  '/api/courses/:courseId/versions/:version/delta',
  describeRoute({
    operationId: 'getCourseManifestDelta',
    summary: 'The update from an installed version: a manifest delta (or the whole envelope) and new small text files',
    description:
      'The phone rebuilds the new manifest text from its kept envelope and verifies the signature on it; ' +
      'docs/course-package.md ("Updates by delta").',
    tags: ['courses'],
    security,
    responses: {
      200: {
        description: '`kind: delta` or, without `from` on the server, `kind: full`',
        content: jsonContent(ManifestDeltaSchema),
      },
      400: { description: '`invalid_request`: `from` is not a version' },
      404: { description: 'No such course or version' },
      410: { description: 'The course was withdrawn' },
    },
  }),
  requireAuth(),
  validate('query', DeltaQuerySchema),
  async (c) => {
    const { courseId, version } = c.req.param();
    const found = await findManifestDelta(c.var.store, courseId, version, c.req.valid('query').from);
    if (!found) return apiError(c, 404, 'course_not_found', `No version ${version} of course ${courseId}`);
    if (found.withdrawn) return apiError(c, 410, 'course_withdrawn', `Course ${courseId} was withdrawn`);
    return c.json(found.delta);
  },
);
