import * as v from 'valibot';
import { HealthSchema } from '../shared/health';
import type { SyncContext } from './sync-context';

/**
 * Asks `GET /healthz` whether the server is up and reaches its store. A push that failed with a 5xx
 * is only worth splitting when the server answers this; otherwise it is an outage, and the engine
 * backs off. Never throws: no answer, a wrong answer (a captive portal) or an error all mean "down".
 */
export async function probeHealth(ctx: SyncContext): Promise<boolean> {
  try {
    const res = await ctx.fetch(`${ctx.baseUrl}/healthz`, { signal: AbortSignal.timeout(ctx.requestTimeoutMs) });
    if (!res.ok) return false;
    return v.safeParse(HealthSchema, await res.json()).success;
  } catch {
    return false;
  }
}
