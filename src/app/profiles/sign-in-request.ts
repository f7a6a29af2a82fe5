import { LoginResponseSchema, type LoginResponse } from '../../shared/auth-protocol';
import { apiFetch, type ApiResult } from '../api/api-fetch';

/**
 * The sign-in request, against the national server or the office's hub (docs/hub.md). `hubBaseUrl`
 * is the hub set in Settings when it answers now, else null.
 * - An enrolment code goes to the hub first: it redeems it also while its uplink is down. A code the
 *   hub does not know yet (issued since its last mirror) or a hub gone quiet is tried upstream too.
 * - A password goes to the national server only: a hub holds no password hashes. When that server is
 *   out of reach but the hub answers, the learner is told to use a code instead.
 * - `publicKey`, the device key made for this sign-in, goes with a code to the hub only: the hub keeps
 *   it with the redemption (answering `deviceKey: 'held'`), so the phone's results are held at the
 *   office at once instead of waiting for its first sync at home.
 */
export async function signInRequest(
  input: { mode: 'password'; username: string; password: string } | { mode: 'code'; code: string },
  deviceId: string,
  hubBaseUrl: string | null,
  publicKey?: string,
): Promise<ApiResult<LoginResponse>> {
  const post = (base: string, path: string, body: unknown) =>
    apiFetch(`${base}${path}`, LoginResponseSchema, { method: 'POST', body: JSON.stringify(body) });
  if (input.mode === 'password') {
    const national = await post('', '/api/auth/login', {
      username: input.username,
      password: input.password,
      deviceId,
    });
    if (!national.ok && national.code === 'offline' && hubBaseUrl !== null) {
      return { ...national, code: 'hub_no_password_signin' };
    }
    return national;
  }
  const body = { code: input.code, deviceId };
  if (hubBaseUrl === null) return post('', '/api/auth/enrol', body);
  const atHub = await post(hubBaseUrl, '/api/auth/enrol', publicKey === undefined ? body : { ...body, publicKey });
  if (atHub.ok || (atHub.code !== 'invalid_code' && atHub.code !== 'offline')) return atHub;
  const national = await post('', '/api/auth/enrol', body);
  return !national.ok && national.code === 'offline' ? atHub : national;
}
