import { SESSION_DAYS } from '../auth/sessions';
import { hashToken } from '../auth/token';
import { isWithin } from '../regions/region-scope';
import type { Store } from '../store/store';
import type { HubIdentity } from './hub-credentials';
import type { HubEnrolmentResult, HubEnrolmentsRequest } from './hub-protocol';
import { registerForwardedKey } from './register-forwarded-key';

/** How far ahead of the national clock a hub's `redeemedAt` may be (a laptop clock that drifted). */
const CLOCK_SKEW_MS = 5 * 60_000;
/**
 * No hub redeemed or opened anything before this; the schema's ISO form admits year 0000 (with an
 * offset, 0001 too), which PostgreSQL cannot store, so such a time is refused instead of failing the request.
 */
const EARLIEST = Date.UTC(2000, 0, 1);

type Enrolment = HubEnrolmentsRequest['enrolments'][number];

/**
 * The national side of enrolment at the office: for each redemption a hub forwards, in its own
 * transaction, checks the code (not its hash: only a party that saw the code can forward it), the
 * learner's kecamatan and that the code was live when the hub redeemed it, then marks the code used
 * and opens the session with the hub's token hash, so the phone's token works here unchanged.
 * Sent again (a lost answer) the same redemption is `enrolled` again and changes nothing. A code
 * used here meanwhile, by another phone or at another hub, is refused `code_used`: the first
 * redemption the national server saw wins, and the hub closes its session (docs/hub.md).
 */
export async function acceptHubEnrolment(
  store: Store,
  hub: HubIdentity,
  index: number,
  e: Enrolment,
): Promise<HubEnrolmentResult> {
  const refused = (code: string, message: string): HubEnrolmentResult => ({ index, status: 'refused', code, message });
  if (!(new Date(e.redeemedAt).getTime() >= EARLIEST && new Date(e.sessionExpiresAt).getTime() >= EARLIEST)) {
    return refused('invalid_request', 'redeemedAt and sessionExpiresAt must be times after 2000');
  }
  return store.transaction(async (tx) => {
    const { rows } = await tx.query<{
      user_id: string;
      used: boolean;
      expires_at: Date;
      desa_code: string | null;
      live: boolean;
      session_user: string | null;
      used_at: Date | null;
      used_by_device: string | null;
      redeemed_by_hub: string | null;
    }>(
      `SELECT ec.user_id::text AS user_id, ec.used_at IS NOT NULL AS used, ec.expires_at, u.desa_code,
              (u.disabled_at IS NULL AND u.role = 'learner') AS live, ec.used_at,
              ec.used_by_device::text AS used_by_device, ec.redeemed_by_hub::text AS redeemed_by_hub,
              (SELECT s.user_id::text FROM sessions s WHERE s.token_hash = $2) AS session_user
         FROM enrolment_codes ec JOIN users u ON u.id = ec.user_id
        WHERE ec.code_hash = $1
        FOR UPDATE OF ec`,
      [hashToken(e.code), e.tokenHash],
    );
    const row = rows[0];
    if (!row) return refused('invalid_code', 'Unknown enrolment code');
    if (!(row.desa_code && isWithin(row.desa_code, hub.kecamatanCode))) {
      return refused('outside_hub_kecamatan', `This learner is outside the hub's kecamatan ${hub.kecamatanCode}`);
    }
    const redeemedAt = new Date(e.redeemedAt).getTime();
    // With the session, in this transaction: the phone's bundles the hub holds verify here once forwarded.
    const withKey = async (at: number): Promise<HubEnrolmentResult> => {
      if (e.publicKey === undefined) return { index, status: 'enrolled' };
      const key = await registerForwardedKey(tx, {
        deviceId: e.deviceId,
        learnerId: row.user_id,
        publicKey: e.publicKey,
        redeemedAt: new Date(at),
      });
      return { index, status: 'enrolled', key };
    };
    // The same redemption again: the session it opened is there (and its key, registered the same way
    // again). Only as it was first forwarded — by this hub, for the same device — and judged by the
    // redemption time stored then: a resent `redeemedAt` in the future would otherwise pass as
    // "before" any revocation or newer key, so a replay could swap the live key or put one on a
    // revoked device, and one naming another device would put a key on a phone that never redeemed.
    if (row.used && row.session_user === row.user_id) {
      const same = row.redeemed_by_hub === hub.id && row.used_by_device === e.deviceId && row.used_at !== null;
      if (same) return withKey(new Date(row.used_at!).getTime());
    }
    if (row.used) return refused('code_used', 'This enrolment code was already used');
    // A reissued code or a disabled learner counts as expired, as at /api/auth/enrol.
    if (!row.live || redeemedAt >= new Date(row.expires_at).getTime() || redeemedAt > Date.now() + CLOCK_SKEW_MS) {
      return refused('code_expired', 'This enrolment code had expired');
    }
    if (row.session_user !== null) return refused('invalid_request', 'This token hash belongs to another session');
    const longest = Date.now() + SESSION_DAYS * 24 * 3600 * 1000;
    const expiresAt = new Date(Math.min(new Date(e.sessionExpiresAt).getTime(), longest)).toISOString();
    await tx.query(
      `UPDATE enrolment_codes SET used_at = $2, used_by_device = $3, redeemed_by_hub = $4 WHERE code_hash = $1`,
      [hashToken(e.code), new Date(redeemedAt).toISOString(), e.deviceId, hub.id],
    );
    // A device revoked here after the hub redeemed the code: the revocation was meant to end every
    // token on it, so the session opens already revoked (the code stays used, as redeemed).
    const revokedSince =
      e.deviceId !== null &&
      (
        await tx.query(
          `SELECT 1 FROM device_keys WHERE device_id = $1 AND learner_id = $2 AND revoked_at > $3 LIMIT 1`,
          [e.deviceId, row.user_id, new Date(redeemedAt).toISOString()],
        )
      ).rows.length > 0;
    await tx.query(
      `INSERT INTO sessions (token_hash, user_id, device_id, expires_at, revoked_at)
       VALUES ($1, $2, $3, $4, CASE WHEN $5::boolean THEN now() END)`,
      [e.tokenHash, row.user_id, e.deviceId, expiresAt, revokedSince],
    );
    return withKey(redeemedAt);
  });
}
