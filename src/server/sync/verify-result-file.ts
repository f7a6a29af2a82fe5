import { gunzip } from 'node:zlib';
import * as v from 'valibot';
import type { ApiErrorCode } from '../../shared/api-error-code';
import { BundleBodySchema, ResultFileSchema, type BundleBody } from '../../shared/sync/bundle';
import { bodyItems } from '../../shared/sync/pack-items';

export type ReadResultFile =
  | { ok: true; body: BundleBody & { items: unknown[] }; text: string; signature: string }
  | { ok: false; status: 400 | 413; code: ApiErrorCode; message: string };

const inflate = (data: Uint8Array, maxOutputLength: number) =>
  new Promise<Buffer>((resolve, reject) =>
    gunzip(data, { maxOutputLength }, (err, out) => (err ? reject(err) : resolve(out))),
  );

const malformed = (message: string): ReadResultFile => ({ ok: false, status: 400, code: 'malformed_bundle', message });

/**
 * Reads one result file (gzip of the result file JSON; plain JSON is read too) down to its bundle
 * text, signature and parsed body, without trusting any of it yet: the signature is checked by
 * `verifyBundleSignature`. Inflating stops at `maxBytes`, so a gzip bomb costs at most that much
 * memory (413 body_too_large); a cut or damaged file is 400 malformed_bundle.
 */
export async function readResultFile(bytes: Uint8Array, maxBytes: number): Promise<ReadResultFile> {
  let data: Uint8Array = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      data = await inflate(bytes, maxBytes);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
        return { ok: false, status: 413, code: 'body_too_large', message: `The file inflates past ${maxBytes} bytes` };
      }
      return malformed('The file is cut short or damaged (gzip)');
    }
  }
  let envelope: unknown;
  try {
    envelope = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch {
    return malformed('The file is cut short or damaged (not JSON)');
  }
  const file = v.safeParse(ResultFileSchema, envelope);
  if (!file.success) return malformed('This is not a Lentera result file (lentera-hasil/1)');
  let body: unknown;
  try {
    body = JSON.parse(file.output.bundle);
  } catch {
    return malformed('The bundle inside the file is not JSON');
  }
  const bundle = v.safeParse(BundleBodySchema, body);
  if (!bundle.success) return malformed('The bundle inside the file is not a lentera-bundle/1 bundle');
  const items = bodyItems(bundle.output);
  if ('error' in items) return malformed(`The bundle inside the file: ${items.error}`);
  return {
    ok: true,
    body: { ...bundle.output, items: items.items },
    text: file.output.bundle,
    signature: file.output.signature,
  };
}
