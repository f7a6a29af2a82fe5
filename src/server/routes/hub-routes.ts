import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { createMiddleware } from 'hono/factory';
import { gunzipBody } from '../http/gunzip-body';
import { jsonContent } from '../http/json-content';
import { isJsonRequest, validate } from '../http/validate';
import {
  HubBundlesRequestSchema,
  HubBundlesResponseSchema,
  HubChangesRequestSchema,
  HubChangesResponseSchema,
  HubCoursesResponseSchema,
  HubEnrolmentsRequestSchema,
  HubEnrolmentsResponseSchema,
  HubIdentityRequestSchema,
  HubIdentityResponseSchema,
  HubMirrorResponseSchema,
  HubSelfResponseSchema,
  HubStatusSchema,
  MAX_HUB_BUNDLES,
  MAX_HUB_ENROLMENTS,
  type HubBundleResult,
  type HubBundlesResponse,
  type HubEnrolmentResult,
  type HubSelfResponse,
  type HubStatus,
} from '../hub/hub-protocol';
import { acceptHubEnrolment } from '../hub/accept-hub-enrolments';
import { requireHub, type HubEnv } from '../hub/require-hub';
import { storeHubBundle } from '../hub/store-hub-bundle';
import { readHubChanges } from '../hub/read-hub-changes';
import { readHubCourses } from '../hub/read-hub-courses';
import { answerCourseFile } from '../courses/answer-course-file';
import { findReadableFile } from '../courses/read-course-file';
import { parseRange } from '../../shared/course/parse-range';
import { readHubMirror } from '../hub/read-hub-mirror';
import { readHubStatus } from '../hub/read-hub-status';
import { hubIdentityKey } from '../hub/hub-identity-key';
import { registerHubIdentity } from '../hub/register-hub-identity';
import { HubChallengeSchema, signHubProof } from '../../shared/hub/hub-identity-proof';
import * as v from 'valibot';
import { renderHubPage } from '../hub/render-hub-page';
import { findRegion } from '../regions/search-regions';
import { getServerEpoch } from '../sync/get-server-epoch';
import { apiError } from '../http/api-error';

/**
 * A body not declared as JSON is refused before the credential is looked up: a hub always sends
 * JSON, and the answer (415) tells its operator what is wrong without a database round trip.
 */
const jsonBodyOnly = createMiddleware<HubEnv>(async (c, next) => {
  if (!isJsonRequest(c.req.header('content-type'))) {
    return apiError(c, 415, 'unsupported_media_type', 'Send the body as application/json (gzip allowed)');
  }
  await next();
});

const hubAuthErrors = {
  401: { description: '`unauthenticated`, `hub_credential_invalid` or `hub_revoked`' },
};

/** What the national server offers a kecamatan hub (its credential as bearer): see docs/hub.md. */
export const hubRoutes = new Hono<HubEnv>()
  .get(
    '/api/hub/self',
    describeRoute({
      operationId: 'hubSelf',
      summary: 'Which hub this credential is, and its kecamatan',
      tags: ['hubs'],
      security: [{ bearer: [] }],
      responses: { 200: { description: 'The hub', content: jsonContent(HubSelfResponseSchema) }, ...hubAuthErrors },
    }),
    requireHub(),
    async (c) => {
      const { id, kecamatanCode } = c.var.hub;
      const region = await findRegion(c.var.store, kecamatanCode);
      const body: HubSelfResponse = { hubId: id, kecamatan: { code: kecamatanCode, name: region?.name ?? '' } };
      return c.json(body);
    },
  )
  .post(
    '/api/hub/identity',
    describeRoute({
      operationId: 'registerHubIdentity',
      summary: 'The hub’s identity public key, which phones check its status answer against (docs/hub.md, "Trust")',
      description:
        'Sent by the hub at start and with each mirror. The first key stays for the hub’s life: the same key again ' +
        'is `created: false`, another one `409 hub_identity_conflict`. Phones of the kecamatan receive its ' +
        'fingerprint in their pull (`hubKeys`); a revoked hub is named there without a key.',
      tags: ['hubs'],
      security: [{ bearer: [] }],
      responses: {
        200: { description: 'Registered', content: jsonContent(HubIdentityResponseSchema) },
        400: { description: '`invalid_public_key`, `invalid_request`, `malformed_json`' },
        409: { description: '`hub_identity_conflict`' },
        415: { description: '`unsupported_media_type` (not JSON)' },
        ...hubAuthErrors,
      },
    }),
    jsonBodyOnly,
    requireHub(),
    validate('json', HubIdentityRequestSchema),
    async (c) => c.json(await registerHubIdentity(c.var.store, c.var.hub, c.req.valid('json').publicKey)),
  )
  .post(
    '/api/hub/bundles',
    describeRoute({
      operationId: 'forwardHubBundles',
      summary:
        'Signed bundles a hub took from phones at the office (gzip accepted); each verified and stored on its own',
      description:
        'Each bundle is verified and stored exactly as a signed push: the exact text the device signed and its ' +
        'signature. A bundle is refused as a whole (nothing of it stored) when malformed, not signed by the live key ' +
        'of its device and learner, or for a learner outside the hub’s kecamatan; the others are stored. Items are ' +
        'idempotent by id: sent again they are `duplicate`.',
      tags: ['hubs'],
      security: [{ bearer: [] }],
      responses: {
        200: {
          description:
            'One result per bundle, in request order: `stored` with per-item results, or `refused` with a code ' +
            '(malformed_bundle, bad_bundle_signature, unknown_device, device_revoked, unknown_learner, outside_hub_kecamatan)',
          content: jsonContent(HubBundlesResponseSchema),
        },
        400: { description: '`invalid_request`, `malformed_json`, `bad_gzip`, `body_incomplete`' },
        413: { description: `\`body_too_large\`, or \`too_many_items\` (more than ${MAX_HUB_BUNDLES} bundles)` },
        415: { description: '`unsupported_media_type` (not JSON) or `unsupported_encoding` (not gzip)' },
        ...hubAuthErrors,
      },
    }),
    jsonBodyOnly,
    requireHub(),
    gunzipBody(),
    validate('json', HubBundlesRequestSchema),
    async (c) => {
      const { bundles } = c.req.valid('json');
      if (bundles.length > MAX_HUB_BUNDLES) {
        return apiError(c, 413, 'too_many_items', `At most ${MAX_HUB_BUNDLES} bundles per request`, {
          maxBundles: MAX_HUB_BUNDLES,
        });
      }
      const results: HubBundleResult[] = [];
      // One after the other: a refused bundle costs the others nothing, each locks its own learner.
      for (const [index, bundle] of bundles.entries()) {
        results.push(await storeHubBundle(c.var.store, c.var.hub, index, bundle));
      }
      const body: HubBundlesResponse = { serverEpoch: await getServerEpoch(c.var.store), results };
      return c.json(body);
    },
  )
  .post(
    '/api/hub/enrolments',
    describeRoute({
      operationId: 'forwardHubEnrolments',
      summary: 'Enrolment codes phones redeemed at the hub: each marks its code used and opens the hub’s session here',
      description:
        'Each redemption on its own: the code (checked against its hash), the SHA-256 of the token the hub gave the ' +
        'phone, its device and when the hub redeemed it. Enrolled, the same token works here. The same redemption ' +
        'sent again is `enrolled` again and changes nothing; a code used meanwhile by anyone else is refused ' +
        '`code_used` (the first redemption the national server sees wins).',
      tags: ['hubs'],
      security: [{ bearer: [] }],
      responses: {
        200: {
          description:
            'One result per redemption, in request order: `enrolled`, or `refused` with a code (invalid_code, ' +
            'code_used, code_expired, outside_hub_kecamatan, invalid_request)',
          content: jsonContent(HubEnrolmentsResponseSchema),
        },
        400: { description: '`invalid_request`, `malformed_json`' },
        413: { description: `\`too_many_items\` (more than ${MAX_HUB_ENROLMENTS} redemptions)` },
        415: { description: '`unsupported_media_type` (not JSON)' },
        ...hubAuthErrors,
      },
    }),
    jsonBodyOnly,
    requireHub(),
    validate('json', HubEnrolmentsRequestSchema),
    async (c) => {
      const { enrolments } = c.req.valid('json');
      if (enrolments.length > MAX_HUB_ENROLMENTS) {
        return apiError(c, 413, 'too_many_items', `At most ${MAX_HUB_ENROLMENTS} enrolments per request`, {
          maxEnrolments: MAX_HUB_ENROLMENTS,
        });
      }
      const results: HubEnrolmentResult[] = [];
      for (const [index, enrolment] of enrolments.entries()) {
        results.push(await acceptHubEnrolment(c.var.store, c.var.hub, index, enrolment));
      }
      return c.json({ results });
    },
  )
  .get(
    '/api/hub/mirror',
    describeRoute({
      operationId: 'hubMirror',
      summary:
        'The hub’s kecamatan: learners, their live session token hashes, device keys and recent enrolment code hashes (a whole snapshot)',
      tags: ['hubs'],
      security: [{ bearer: [] }],
      responses: { 200: { description: 'Snapshot', content: jsonContent(HubMirrorResponseSchema) }, ...hubAuthErrors },
    }),
    requireHub(),
    async (c) => c.json(await readHubMirror(c.var.store, c.var.hub)),
  )
  .post(
    '/api/hub/mirror/changes',
    describeRoute({
      operationId: 'hubMirrorChanges',
      summary: 'Grades, progress and certificates of the hub’s learners after each one’s checkpoint (gzip accepted)',
      description:
        'Only learners of the hub’s kecamatan with changes are answered, each with one page of exactly what their ' +
        'own pull would answer; ask again with the new checkpoints while any `hasMore`.',
      tags: ['hubs'],
      security: [{ bearer: [] }],
      responses: {
        200: { description: 'Changes', content: jsonContent(HubChangesResponseSchema) },
        400: { description: '`invalid_request`, `malformed_json`, `bad_gzip`' },
        415: { description: '`unsupported_media_type` (not JSON) or `unsupported_encoding` (not gzip)' },
        ...hubAuthErrors,
      },
    }),
    jsonBodyOnly,
    requireHub(),
    gunzipBody(),
    validate('json', HubChangesRequestSchema),
    async (c) => c.json(await readHubChanges(c.var.store, c.var.hub, c.req.valid('json').cursors)),
  )
  .get(
    '/api/hub/courses',
    describeRoute({
      operationId: 'hubCourses',
      summary: 'Every course and published version with its signed manifest, for a hub to mirror',
      tags: ['hubs'],
      security: [{ bearer: [] }],
      responses: { 200: { description: 'Courses', content: jsonContent(HubCoursesResponseSchema) }, ...hubAuthErrors },
    }),
    requireHub(),
    async (c) => c.json(await readHubCourses(c.var.store)),
  )
  .get(
    '/api/hub/course-files/:hash',
    describeRoute({
      operationId: 'hubCourseFile',
      summary: 'One course file by SHA-256, for a hub to mirror (files of live published versions only)',
      description: 'Supports `Range: bytes=<from>-` (206), so a hub resumes a file inside it after a cut.',
      tags: ['hubs'],
      security: [{ bearer: [] }],
      responses: {
        200: { description: 'The file' },
        206: { description: 'The requested byte range' },
        400: { description: '`invalid_hash`' },
        404: { description: '`file_not_found`' },
        416: { description: '`range_not_satisfiable`' },
        ...hubAuthErrors,
      },
    }),
    requireHub(),
    async (c) => {
      const hash = c.req.param('hash');
      if (!/^[0-9a-f]{64}$/.test(hash)) {
        return apiError(c, 400, 'invalid_hash', 'A file is addressed by its lowercase hex SHA-256');
      }
      // As a learner would see it: a draft's upload is not the hub's to mirror.
      const file = await findReadableFile(c.var.store, hash, 'learner');
      if (!file) return apiError(c, 404, 'file_not_found', `No course file ${hash}`);
      c.header('Cache-Control', 'private, no-store, no-transform');
      c.header('Accept-Ranges', 'bytes');
      const range = parseRange(c.req.header('range'), file.size);
      // Streamed like getCourseFile: a hub mirroring a video holds no copy of it here.
      return answerCourseFile(c, c.var.store, hash, file, range);
    },
  )
  .get(
    '/api/hub/status',
    describeRoute({
      operationId: 'hubStatus',
      summary: 'Public: whether this server is a kecamatan hub, and on a hub its uplink, waiting bundles and more',
      description:
        'On a hub the answer carries its identity public key; with `?challenge=` (16–64 base64url characters, fresh ' +
        'per probe) also its signature over (purpose, hubId, challenge), which a phone checks against the key ' +
        'fingerprint it pinned before it sends the hub any token or code.',
      tags: ['hubs'],
      responses: {
        200: { description: 'Status', content: jsonContent(HubStatusSchema) },
        400: { description: '`invalid_request` (a challenge that is not 16–64 base64url characters)' },
      },
    }),
    validate('query', v.object({ challenge: v.optional(HubChallengeSchema) })),
    async (c) => {
      if (c.var.config.hubUpstream === undefined) return c.json({ mode: 'national' } satisfies HubStatus);
      const [status, key] = await Promise.all([readHubStatus(c.var.store), hubIdentityKey(c.var.store)]);
      const { challenge } = c.req.valid('query');
      const proof =
        challenge !== undefined && status.hubId
          ? { signature: await signHubProof(key.privateKey, status.hubId, challenge) }
          : {};
      // Never cached: a signature answers one challenge only.
      c.header('Cache-Control', 'no-store');
      return c.json({ ...status, identityKey: key.publicKey, ...proof } satisfies HubStatus);
    },
  )
  .get('/hub', async (c) => {
    // The operator's page, not an API: Indonesian, no script, refreshes itself.
    if (c.var.config.hubUpstream === undefined) return c.notFound();
    const [status, key] = await Promise.all([readHubStatus(c.var.store), hubIdentityKey(c.var.store)]);
    return c.html(renderHubPage(status, new URL(c.req.url).origin, key.fingerprint));
  });
