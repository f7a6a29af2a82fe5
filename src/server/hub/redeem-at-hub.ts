import type { LoginResponse } from '../../shared/auth-protocol';
import { redeemEnrolmentCodeHash, type Redeemed } from '../auth/enrolment-codes';
import { openSession } from '../auth/sessions';
import { hashToken } from '../auth/token';
import { findAccount } from '../auth/users';
import type { Store } from '../store/store';
import { hubCodeHash } from './hub-code-hash';
import { wakeHubForwarder } from './hub-wake';
import { registerForwardedKey } from './register-forwarded-key';

export type HubRedeemed = { ok: true; session: LoginResponse; keyHeld: boolean } | Extract<Redeemed, { ok: false }>;

/**
 * Enrolment at the office (docs/hub.md): redeems a mirrored code (looked up by its `hubCodeHash`)
 * on the hub exactly as the national server would (once, unexpired, for an enabled learner), opens
 * the session here, and queues the redemption in `hub_enrolments` — all in one transaction, so the
 * phone hears its token only once the hub is sure to forward it, and a hub killed at any moment
 * either has all three or none. The forwarder (`forwardHubEnrolments`) then has the national server
 * open the same session.
 *
 * With the phone's `publicKey` (checked by the caller to be a P-256 key of `deviceId`), the key is
 * registered on the hub under the national server's rules as far as the mirror knows them, and kept
 * with the redemption: the phone's signed bundles are held at once, and the national server
 * registers the key with the session. A key the mirror says is revoked or someone else's is simply
 * not kept (`keyHeld: false`): the phone registers at home as before, and its results wait there.
 */
export async function redeemAtHub(
  store: Store,
  code: string,
  deviceId: string | undefined,
  publicKey?: string,
): Promise<HubRedeemed> {
  const { rows } = await store.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'hub_id'`);
  // Before its first mirror a hub holds no code at all.
  if (!rows[0]) return { ok: false, reason: 'invalid' };
  const codeHash = await hubCodeHash(hashToken(code), rows[0].value);
  const done = await store.transaction(async (tx): Promise<HubRedeemed> => {
    const redeemed = await redeemEnrolmentCodeHash(tx, codeHash, deviceId);
    if (!redeemed.ok) return redeemed;
    // Redeeming checked that the code's user exists and is enabled.
    const account = (await findAccount(tx, redeemed.userId))!;
    const session = await openSession(tx, account, deviceId);
    const key =
      publicKey !== undefined && deviceId !== undefined
        ? await registerForwardedKey(tx, { deviceId, learnerId: account.id, publicKey, redeemedAt: new Date() })
        : null;
    const keyHeld = key?.status === 'registered';
    await tx.query(
      `INSERT INTO hub_enrolments (code_hash, code, user_id, device_id, token_hash, session_expires_at, public_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        codeHash,
        code,
        account.id,
        deviceId ?? null,
        hashToken(session.token),
        session.expiresAt,
        keyHeld ? publicKey : null,
      ],
    );
    return { ok: true, session, keyHeld };
  });
  if (done.ok) wakeHubForwarder(store);
  return done;
}
