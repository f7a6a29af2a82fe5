import type { Context } from 'hono';
import type { Account } from '../../shared/auth-protocol';
import { ApiProblem } from '../http/api-problem';
import type { AppEnv } from '../http/app-env';
import type { Queryable } from '../store/store';
import { findRegion, type Region } from './search-regions';

/** `code` is `scope` itself or lies inside it (codes nest by prefix: 34.02 ⊃ 34.02.01.2001). */
export const isWithin = (code: string, scope: string) => code === scope || code.startsWith(`${scope}.`);

/**
 * The region an account may see: `''` (everything) for admin, its bound region for operator and
 * monitor, null when it may see none (other roles, or an operator/monitor not yet bound to a region).
 */
export async function accountScope(db: Queryable, account: Pick<Account, 'id' | 'role'>): Promise<string | null> {
  if (account.role === 'admin') return '';
  if (account.role !== 'operator' && account.role !== 'monitor') return null;
  const { rows } = await db.query<{ region_code: string | null }>(`SELECT region_code FROM users WHERE id = $1`, [
    account.id,
  ]);
  return rows[0]?.region_code || null;
}

/** The caller's scope as `accountScope` reads it; throws 403 no_region when it may see no region. */
export async function requireScope(c: Context<AppEnv>): Promise<string> {
  const scope = await accountScope(c.var.store, c.var.account);
  if (scope === null) throw new ApiProblem(403, 'no_region', 'This account is not bound to a region');
  return scope;
}

/**
 * Resolves a region code from the request against the caller's scope; throws 404 unknown_region
 * for an unknown code and 403 outside_region (or no_region) when the caller may not see it.
 */
export async function regionInScope(c: Context<AppEnv>, code: string): Promise<{ region: Region; scope: string }> {
  const scope = await requireScope(c);
  const region = await findRegion(c.var.store, code);
  if (!region) throw new ApiProblem(404, 'unknown_region', `No region with code ${code}`);
  if (scope !== '' && !isWithin(region.code, scope)) {
    throw new ApiProblem(403, 'outside_region', `Region ${code} is outside your region ${scope}`);
  }
  return { region, scope };
}
