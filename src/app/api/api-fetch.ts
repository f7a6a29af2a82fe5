import type { ApiError } from '../../shared/api-error';

export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; code: string; message: string };

/**
 * Calls the Lentera API and never throws: a missing signal becomes `code: 'offline'`, a server
 * error keeps its `ApiError.code` so screens can show the matching catalogue message.
 */
export async function apiFetch<T>(path: string, init: RequestInit & { token?: string } = {}): Promise<ApiResult<T>> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
  if (init.body && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers });
  } catch {
    return { ok: false, status: 0, code: 'offline', message: 'Network unavailable' };
  }
  if (response.ok) {
    const data = response.status === 204 ? undefined : await response.json();
    return { ok: true, data: data as T };
  }
  const body = (await response.json().catch(() => null)) as ApiError | null;
  return {
    ok: false,
    status: response.status,
    code: body?.error.code ?? 'unknown',
    message: body?.error.message ?? response.statusText,
  };
}
