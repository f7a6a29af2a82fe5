import type { LoginResponse } from '../../shared/auth-protocol';
import { redeemEnrolmentCodeHash, type Redeemed } from '../auth/enrolment-codes';
import { openSession } from '../auth/sessions';
import { hashToken } from '../auth/token';
import { findAccount } from '../auth/users';
import type { Store } from '../store/store';
import { hubCodeHash } from './hub-code-hash';

export type HubRedeemed = { ok: true; session: LoginResponse } | Extract<Redeemed, { ok: false }>;

/**
 * Enrolment at the office (docs/hub.md): redeems a mirrored code (looked up by its `hubCodeHash`)
 * on the hub exactly as the national server would (once, unexpired, for an enabled learner), opens the session here, and queues the
 * redemption in `hub_enrolments` — all in one transaction, so the phone hears its token only once
 * the hub is sure to forward it, and a hub killed at any moment either has all three or none.
 * The forwarder (`forwardHubEnrolments`) then has the national server open the same session.
 */
export async function redeemAtHub(store: Store, code: string, deviceId: string | undefined): Promise<HubRedeemed> {
  const { rows } = await store.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'hub_id'`);
  // Before its first mirror a hub holds no code at all.
  if (!rows[0]) return { ok: false, reason: 'invalid' };
  const codeHash = await hubCodeHash(hashToken(code), rows[0].value);
  return store.transaction(async (tx) => {
    const redeemed = await redeemEnrolmentCodeHash(tx, codeHash, deviceId);
    if (!redeemed.ok) return redeemed;
    // Redeeming checked that the code's user exists and is enabled.
    const account = (await findAccount(tx, redeemed.userId))!;
    const session = await openSession(tx, account, deviceId);
    await tx.query(
      `INSERT INTO hub_enrolments (code_hash, code, user_id, device_id, token_hash, session_expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [codeHash, code, account.id, deviceId ?? null, hashToken(session.token), session.expiresAt],
    );
    return { ok: true, session };
  });
}
