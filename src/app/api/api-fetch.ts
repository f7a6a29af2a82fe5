import * as v from 'valibot';
import type { ApiError } from '../../shared/api-error';
import { localNetworkInit } from '../../shared/hub/local-network-init';
import type { ClientErrorCode } from './api-error-message';

export type ApiResult<T> =
  | { ok: true; data: T }
  /** `code`: the server's `ApiError.code`, or `offline`, `bad_response` or `unknown` (`ClientErrorCode`). */
  | { ok: false; status: number; code: string; message: string };

type AnswerSchema = v.GenericSchema<unknown, unknown>;

const failure = (status: number, code: ClientErrorCode, message: string) =>
  ({ ok: false, status, code, message }) as const;

/**
 * Calls the Lentera API and never throws: a missing signal becomes `code: 'offline'`, a server
 * error keeps its `ApiError.code` so screens can show the matching catalogue message, and an answer
 * is checked against the shared schema of the route (`bad_response` when it does not fit: a captive
 * portal's page, a proxy's, or a server of another version), so `data` is what its type says.
 * @example const res = await apiFetch('/api/courses', v.array(CatalogCourseSchema), { token });
 */
export async function apiFetch<S extends AnswerSchema>(
  path: string,
  schema: S,
  init: RequestInit & { token?: string } = {},
): Promise<ApiResult<v.InferOutput<S>>> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
  if (init.body && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  let response: Response;
  try {
    response = await fetch(path, localNetworkInit(path, { ...init, headers }));
  } catch {
    return failure(0, 'offline', 'Network unavailable');
  }
  if (response.ok) {
    let json: unknown;
    try {
      json = response.status === 204 ? undefined : await response.json();
    } catch {
      // The body broke off (the signal dropped mid-answer) or is not JSON at all.
      return failure(response.status, 'bad_response', 'The answer is not JSON');
    }
    const parsed = v.safeParse(schema, json);
    if (!parsed.success) {
      const issue = parsed.issues[0];
      return failure(response.status, 'bad_response', `Unexpected answer at ${v.getDotPath(issue) ?? '(root)'}`);
    }
    return { ok: true, data: parsed.output };
  }
  const body = (await response.json().catch(() => null)) as ApiError | null;
  return {
    ok: false,
    status: response.status,
    code: body?.error?.code ?? 'unknown',
    message: body?.error?.message ?? response.statusText,
  };
}
