import { Hono } from 'hono';
import * as v from 'valibot';
import { describeRoute } from 'hono-openapi';
import {
  MAX_HUB_PUSH_ITEMS,
  MAX_PUSH_ITEMS,
  PullQuerySchema,
  PullResponseSchema,
  PushRequestSchema,
  PushResponseSchema,
  REJECT_REASONS,
  ReconcileRequestSchema,
  ReconcileResponseSchema,
  ReconcileSummaryResponseSchema,
  type PullResponse,
  type PushItemResult,
  type PushResponse,
  type ReconcileResponse,
  type ReconcileSummaryResponse,
} from '../../shared/sync/protocol';
import { BUNDLE_FORMAT, BUNDLE_SIGNATURE_HEADER } from '../../shared/sync/bundle';
import { PUSH_ANSWER_EXCEPTIONS, PUSH_ANSWER_HEADER, compactPushResults } from '../../shared/sync/push-answer';
import { PACKING_DIFF_1, bodyItems } from '../../shared/sync/pack-items';
import { apiError } from '../http/api-error';
import type { AppEnv } from '../http/app-env';
import { jsonContent } from '../http/json-content';
import { gunzipBody } from '../http/gunzip-body';
import { requireAuth } from '../http/require-auth';
import { validate } from '../http/validate';
import { findIdsNotHeld, holdSignedPush } from '../hub/hold-signed-push';
import { readHubPull } from '../hub/read-hub-pull';
import { findDifferingRanges } from '../sync/find-differing-ranges';
import { findMissingIds } from '../sync/find-missing-ids';
import { getServerEpoch } from '../sync/get-server-epoch';
import { readPullChanges } from '../sync/read-pull-changes';
import { ClientGone } from '../sync/client-gone';
import { storePushBatch } from '../sync/store-push-batch';
import { checkUnsignedPush, verifyBundleSignature } from '../sync/verify-bundle-signature';
import { readKecamatanHubKeys } from '../hub/read-kecamatan-hub-keys';

const authErrors = {
  401: { description: 'Missing, unknown, expired or revoked token: keep the items, sign in again' },
  403: { description: 'Only learner accounts push and pull their own work' },
};

/** Push, pull and reconcile: see docs/sync-protocol.md. Operator relay is not offered (each phone signs in). */
export const syncRoutes = new Hono<AppEnv>()
  .post(
    '/api/sync/push',
    describeRoute({
      operationId: 'syncPush',
      summary: 'Store a batch of outbox items (gzip accepted); answers per item',
      tags: ['sync'],
      security: [{ bearer: [] }],
      responses: {
        200: {
          description:
            'One result per item, in request order; with the request header `Lentera-Push-Answer: exceptions`, ' +
            'only the items not stored (conflict, rejected, held) are named and the others counted in `accepted` ' +
            'and `duplicate`. A refused item is `rejected` with a `reason`: ' +
            `${REJECT_REASONS.join(', ')} (invalid_item also for a NUL character or lone UTF-16 surrogate ` +
            'in any string, or a non-finite number); the other items of the batch are stored. Ids are ' +
            'canonical lower-case. On a kecamatan hub (docs/hub.md) a verified signed push is stored for ' +
            'forwarding and its items answered `held` (or what the national server already answered the hub).',
          content: jsonContent(PushResponseSchema),
        },
        400: {
          description:
            'Malformed JSON, bad gzip or a request that is not a push (`invalid_request`, also for `items` and ' +
            '`packed` both or neither, a `packed` entry no encoder makes, named `packed[<index>]`, or `packed` ' +
            'sent to a hub); ' +
            '`malformed_bundle` or `bad_bundle_signature` ' +
            'for a signed push (header `Lentera-Bundle-Signature`) whose text is not what the device key signed',
        },
        403: {
          description:
            'Not a learner account (`forbidden`); `unknown_device` (signed, no key registered), `device_revoked`, ' +
            '`bundle_signature_required` (unsigned, but the device has a key), `bundle_learner_mismatch`. Nothing is stored.',
        },
        413: {
          description:
            `Body or decoded body too large, or more than ${MAX_PUSH_ITEMS} items (${MAX_HUB_PUSH_ITEMS} on a ` +
            'kecamatan hub): split and retry',
        },
        408: { description: 'The phone hung up before its push was stored (no body; nothing stored; it retries)' },
        401: authErrors[401],
      },
    }),
    requireAuth('learner'),
    gunzipBody(),
    validate('json', PushRequestSchema),
    async (c) => {
      const request = c.req.valid('json');
      const { deviceId, format, learnerId } = request;
      const hubMode = c.var.config.hubUpstream !== undefined;
      // A phone that asks for the short answer gets its stored items counted, not echoed (push-answer.ts).
      const short = c.req.header(PUSH_ANSWER_HEADER) === PUSH_ANSWER_EXCEPTIONS;
      const answer = async (results: PushItemResult[]): Promise<PushResponse> => {
        const serverEpoch = await getServerEpoch(c.var.store);
        const body = short ? compactPushResults(serverEpoch, results) : { serverEpoch, results };
        // A hub keeps the device's signed text as it is and forwards it to a national server that may
        // be older than the hub, so phones send a hub plain items (docs/sync-protocol.md "Packed items").
        return hubMode ? body : { ...body, packings: [PACKING_DIFF_1] };
      };
      const maxItems = hubMode ? MAX_HUB_PUSH_ITEMS : MAX_PUSH_ITEMS;
      const count = Math.max(request.items?.length ?? 0, request.packed?.length ?? 0);
      if (count > maxItems) {
        return apiError(c, 413, 'too_many_items', `At most ${maxItems} items per push; got ${count}`, { maxItems });
      }
      // A hub forwards the signed text as it is, to a national server that may not read `packed`: the
      // whole bundle would come back refused and its items rejected to the phone. Refused here, a
      // phone that packed anyway sends the batch again plain at once (push-outbox.ts).
      if (hubMode && request.packed !== undefined)
        return apiError(c, 400, 'invalid_request', 'A hub takes plain "items", not "packed"');
      const carried = bodyItems(request);
      if ('error' in carried) return apiError(c, 400, 'invalid_request', carried.error);
      const { items } = carried;
      // Verified before anything is stored: a signed push is a bundle, checked on its exact text.
      const signature = c.req.header(BUNDLE_SIGNATURE_HEADER);
      let text = '';
      if (signature === undefined) {
        // A hub can only forward what a device signed (docs/hub.md): an old app syncs at home.
        if (hubMode) return apiError(c, 403, 'bundle_signature_required', 'A hub takes signed pushes only');
        await checkUnsignedPush(c.var.store, deviceId, c.var.account.id);
      } else {
        if (format !== BUNDLE_FORMAT || learnerId === undefined) {
          return apiError(c, 400, 'malformed_bundle', `A signed push is a ${BUNDLE_FORMAT} bundle with its learnerId`);
        }
        if (learnerId !== c.var.account.id) {
          return apiError(c, 403, 'bundle_learner_mismatch', 'The bundle is signed for another learner');
        }
        text = await c.req.text();
        await verifyBundleSignature(c.var.store, { deviceId, learnerId, text, signature });
      }
      if (hubMode && signature !== undefined) {
        // On a hub: kept durably for the forwarder and answered `held` (or what upstream already said).
        const held = await holdSignedPush(c.var.store, {
          learnerId: c.var.account.id,
          deviceId,
          text,
          signature,
          items,
        });
        return c.json(await answer(held));
      }
      let results;
      try {
        results = await storePushBatch(c.var.store, c.var.account, deviceId, items, c.req.raw.signal);
      } catch (error) {
        // Nobody is listening: answer nothing costly (the phone retries, and its items are all still pending).
        if (error instanceof ClientGone) return c.body(null, 408);
        throw error;
      }
      return c.json(await answer(results));
    },
  )
  .get(
    '/api/sync/pull',
    describeRoute({
      operationId: 'syncPull',
      summary: "The learner's grades and merged progress after a checkpoint",
      tags: ['sync'],
      security: [{ bearer: [] }],
      responses: {
        200: { description: 'Changes, oldest first', content: jsonContent(PullResponseSchema) },
        ...authErrors,
      },
    }),
    requireAuth('learner'),
    validate('query', PullQuerySchema),
    async (c) => {
      const { since } = c.req.valid('query');
      if (c.var.config.hubUpstream !== undefined) {
        // On a hub: from the mirrored changes, with national checkpoints (docs/hub.md).
        const mirrored = await readHubPull(c.var.store, c.var.account.id, since);
        return c.json({ serverEpoch: await getServerEpoch(c.var.store), ...mirrored } satisfies PullResponse);
      }
      const changes = await readPullChanges(c.var.store, c.var.account.id, since);
      const hubKeys = await readKecamatanHubKeys(c.var.store, c.var.account.id);
      const body: PullResponse = {
        serverEpoch: await getServerEpoch(c.var.store),
        ...changes,
        // Only when the kecamatan has a hub: most pulls stay as small as before.
        ...(hubKeys.length > 0 && { hubKeys }),
        catalogVersion: null,
      };
      return c.json(body);
    },
  )
  .post(
    '/api/sync/reconcile',
    describeRoute({
      operationId: 'syncReconcile',
      summary: 'Which of these item ids the server lacks (the phone pushes them again)',
      tags: ['sync'],
      security: [{ bearer: [] }],
      description:
        'Two forms. `{ids}`: answered with the ids the server lacks (`missing`). `{deviceId, ranges}`: the ' +
        "phone's synced ids sorted and cut into ranges (first, last, count, digest); answered with the " +
        'positions of the ranges the server does not hold exactly (`differ`), whose ids the phone then asks about.',
      responses: {
        200: {
          description: 'Missing ids, or the ranges that differ',
          content: jsonContent(v.union([ReconcileResponseSchema, ReconcileSummaryResponseSchema])),
        },
        ...authErrors,
      },
    }),
    requireAuth('learner'),
    gunzipBody(),
    validate('json', ReconcileRequestSchema),
    async (c) => {
      const request = c.req.valid('json');
      const hubMode = c.var.config.hubUpstream !== undefined;
      const serverEpoch = await getServerEpoch(c.var.store);
      if ('ranges' in request) {
        // A hub holds only what passed through it: every range differs, the ids form answers exactly.
        const differ = hubMode
          ? request.ranges.map((_, i) => i)
          : await findDifferingRanges(c.var.store, c.var.account.id, request.deviceId, request.ranges);
        return c.json({ serverEpoch, differ } satisfies ReconcileSummaryResponse);
      }
      const find = hubMode ? findIdsNotHeld : findMissingIds;
      const body: ReconcileResponse = { serverEpoch, missing: await find(c.var.store, c.var.account.id, request.ids) };
      return c.json(body);
    },
  );
