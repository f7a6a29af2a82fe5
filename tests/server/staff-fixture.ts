import { createSession } from '../../src/server/auth/sessions';
import { ensureUser } from '../../src/server/auth/users';
import type { Role } from '../../src/shared/roles';
import type { Queryable } from '../../src/server/store/store';

/** An account of any role (bound to `regionCode` when given) and a session token for it. */
export async function staffWithToken(
  db: Queryable,
  username: string,
  role: Role,
  regionCode: string | null = null,
): Promise<{ id: string; token: string }> {
  const { id } = await ensureUser(db, {
    username,
    name: username,
    role,
    regionCode,
    desaCode: role === 'learner' ? (regionCode ?? '34.02.01.2001') : null,
  });
  const { token } = await createSession(db, id, undefined);
  return { id, token };
}

/** The error code of an ApiError answer. */
export const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;
