import * as v from 'valibot';
import {
  createDeviceKey,
  dropDeviceKey,
  markDeviceKeyRefused,
  markDeviceKeyRegistered,
  readDeviceKey,
  type DeviceKeyRecord,
} from '../db/device-key';
import { RegisterDeviceKeyResponseSchema } from '../shared/sync/bundle-protocol';
import type { SyncContext } from './sync-context';

/**
 * This build's version, shown to staff beside the device. Vite and vitest define it; scripts run by
 * tsx (the soak, the benchmarks) do not, hence `typeof`, which never throws on an undefined name.
 */
export const APP_VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev';

export type SignUpOutcome =
  /** The server holds this key: sign with it. */
  | { kind: 'registered'; key: DeviceKeyRecord }
  /** No answer, or a server error: try again at a later sync; pushes stay unsigned meanwhile. */
  | { kind: 'later' }
  /** The server will not take a key on this token (another key is live, the token is another device's): sign in again. */
  | { kind: 'sign_in'; code: string };

/**
 * Registers this phone's key for the learner (`POST /api/devices/key`), making the key first when
 * there is none. A phone from before device keys does this at its next sync; a sign-in does it at
 * the sync that follows it. A key the server says was revoked is dropped and a new one made, once.
 */
export async function signUpDeviceKey(ctx: SyncContext, learnerId: string, token: string): Promise<SignUpOutcome> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const key =
      (await readDeviceKey(ctx.db, learnerId, ctx.deviceId)) ??
      (await createDeviceKey(ctx.db, learnerId, ctx.deviceId, ctx.now()));
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), ctx.requestTimeoutMs);
    let res: Response;
    try {
      res = await ctx.fetch(`${ctx.baseUrl}/api/devices/key`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ deviceId: ctx.deviceId, publicKey: key.publicKey, appVersion: APP_VERSION }),
        signal: controller.signal,
      });
    } catch {
      return { kind: 'later' };
    } finally {
      clearTimeout(timer);
    }
    const body = (await res.json().catch(() => null)) as unknown;
    if (res.ok && v.is(RegisterDeviceKeyResponseSchema, body)) {
      await markDeviceKeyRegistered(ctx.db, key, ctx.now(), APP_VERSION);
      return { kind: 'registered', key: { ...key, registeredAt: ctx.now(), appVersion: APP_VERSION } };
    }
    const code = (body as { error?: { code?: string } } | null)?.error?.code ?? `http_${res.status}`;
    if (code === 'device_revoked') {
      await dropDeviceKey(ctx.db, learnerId); // this key is dead for good: the next attempt makes a new one
      continue;
    }
    if (res.status === 409 || res.status === 403 || res.status === 401) {
      await markDeviceKeyRefused(ctx.db, learnerId, code, ctx.now());
      return { kind: 'sign_in', code };
    }
    return { kind: 'later' };
  }
  return { kind: 'later' };
}
