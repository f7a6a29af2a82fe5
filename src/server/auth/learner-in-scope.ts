import type { Context } from 'hono';
import type { Account } from '../../shared/auth-protocol';
import { findAccount, findEnabledAccount } from './users';
import { ApiProblem } from '../http/api-problem';
import type { AppEnv } from '../http/app-env';
import { isWithin, requireScope } from '../regions/region-scope';

/**
 * The learner `id` when inside the caller's region; throws 404 unknown_learner or 403 outside_region / no_region.
 * `enabledOnly`: a disabled learner counts as unknown (issuing codes, signing out); a device of a disabled learner
 * may still be listed and revoked.
 */
export async function learnerInScope(c: Context<AppEnv>, id: string, enabledOnly = false): Promise<Account> {
  const scope = await requireScope(c);
  const learner = await (enabledOnly ? findEnabledAccount : findAccount)(c.var.store, id);
  if (!learner || learner.role !== 'learner') throw new ApiProblem(404, 'unknown_learner', `No learner ${id}`);
  if (scope !== '' && !(learner.desaCode && isWithin(learner.desaCode, scope))) {
    throw new ApiProblem(403, 'outside_region', `This learner is outside your region ${scope}`);
  }
  return learner;
}
