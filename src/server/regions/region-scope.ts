import type { Context } from 'hono';
import type { Account } from '../../shared/auth-protocol';
import { apiError } from '../http/api-error';
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

/**
 * Resolves a region code from the request against the caller's scope: the region when allowed,
 * otherwise the error response to return (404 unknown code, 403 outside the caller's region).
 */
export async function regionInScope(
  c: Context<AppEnv>,
  code: string,
): Promise<{ region: Region; scope: string } | { response: Response }> {
  const scope = await accountScope(c.var.store, c.var.account);
  if (scope === null) {
    return { response: apiError(c, 403, 'no_region', 'This account is not bound to a region') };
  }
  const region = await findRegion(c.var.store, code);
  if (!region) return { response: apiError(c, 404, 'unknown_region', `No region with code ${code}`) };
  if (scope !== '' && !isWithin(region.code, scope)) {
    return { response: apiError(c, 403, 'outside_region', `Region ${code} is outside your region ${scope}`) };
  }
  return { region, scope };
}
