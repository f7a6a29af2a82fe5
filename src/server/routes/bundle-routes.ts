import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import {
  MAX_RESULT_FILES,
  UploadResultBundlesResponseSchema,
  type ResultFileOutcome,
  type UploadResultBundlesResponse,
} from '../../shared/sync/bundle-protocol';
import { storeResultFile } from '../devices/store-result-file';
import { apiError } from '../http/api-error';
import type { AppEnv } from '../http/app-env';
import { jsonContent } from '../http/json-content';
import { requireAuth } from '../http/require-auth';
import { requireScope } from '../regions/region-scope';
import { getServerEpoch } from '../sync/get-server-epoch';

/** Result files carried from phones without signal ("Kirim lewat file"): see docs/result-files.md. */
export const bundleRoutes = new Hono<AppEnv>().post(
  '/api/bundles',
  describeRoute({
    operationId: 'uploadResultBundles',
    summary: 'Upload result files (.lentera) carried from learners’ phones; each is verified and stored on its own',
    description:
      'multipart/form-data with one or more `file` parts. Each file is a gzip (or plain) `lentera-hasil/1` JSON: ' +
      'a bundle text and the device signature over its exact bytes. A file is stored only when whole, signed by the ' +
      'live key of its device and learner, and its learner is in the caller’s region; its items are then stored as a ' +
      'push stores them (per-item results; the same items again are `duplicate`).',
    tags: ['sync'],
    security: [{ bearer: [] }],
    responses: {
      200: {
        description:
          'One outcome per file, in upload order: `stored` with counts and per-item results, or `refused` with a ' +
          'code (malformed_bundle, body_too_large, bad_bundle_signature, unknown_device, device_revoked, ' +
          'unknown_learner, outside_region) and nothing of that file stored',
        content: jsonContent(UploadResultBundlesResponseSchema),
      },
      400: { description: '`invalid_request`: not a readable form, or no `file` part' },
      403: { description: '`forbidden` (not operator or admin) or `no_region`' },
      413: { description: `\`body_too_large\`, or \`too_many_files\` (more than ${MAX_RESULT_FILES})` },
      415: { description: '`unsupported_media_type`: send multipart/form-data' },
    },
  }),
  requireAuth('operator', 'admin'),
  async (c) => {
    if (!/^multipart\/form-data/i.test(c.req.header('content-type') ?? '')) {
      return apiError(c, 415, 'unsupported_media_type', 'Send the files as multipart/form-data `file` parts');
    }
    const scope = await requireScope(c);
    let form: FormData;
    try {
      form = await c.req.formData();
    } catch {
      return apiError(c, 400, 'invalid_request', 'The form could not be read (cut short or malformed)');
    }
    const parts = form.getAll('file');
    const files = parts.flatMap((p) => (typeof p === 'string' ? [] : [p]));
    if (files.length === 0 || files.length !== parts.length) {
      return apiError(c, 400, 'invalid_request', 'Send one or more result files as `file` parts');
    }
    if (files.length > MAX_RESULT_FILES) {
      return apiError(c, 413, 'too_many_files', `At most ${MAX_RESULT_FILES} files per upload; got ${files.length}`, {
        maxFiles: MAX_RESULT_FILES,
      });
    }
    const outcomes: ResultFileOutcome[] = [];
    // One after the other: each file's items lock their learner, and a refused file costs the others nothing.
    for (const file of files) {
      outcomes.push(
        await storeResultFile(
          c.var.store,
          { name: safeFileName(file.name), bytes: new Uint8Array(await file.arrayBuffer()) },
          { scope, actorId: c.var.account.id, maxBytes: c.var.config.maxBodyBytes },
        ),
      );
    }
    const body: UploadResultBundlesResponse = { serverEpoch: await getServerEpoch(c.var.store), files: outcomes };
    return c.json(body);
  },
);

/**
 * The uploaded name as it may be echoed and written to the audit log: control characters (a NUL
 * would fail the jsonb insert) and unpaired surrogates replaced, at most 200 characters.
 */
function safeFileName(name: string): string {
  // By code point, so the cut at 200 never splits a surrogate pair.
  const clean = Array.from(name, (ch) => {
    const code = ch.codePointAt(0)!;
    return code < 0x20 || code === 0x7f || (code >= 0xd800 && code <= 0xdfff) ? '\uFFFD' : ch;
  });
  return clean.slice(0, 200).join('') || 'file';
}
