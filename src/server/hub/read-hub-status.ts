import type { Queryable } from '../store/store';
import type { HubStatus } from './hub-protocol';
import { IDENTITY_REFUSED_KEY } from './register-identity-upstream';

/**
 * What the operator's status page and the phones read on a hub: uplink, bundles and office
 * enrolments waiting, last forward, courses mirrored, phones seen today (devices whose token was
 * used today, from the mirrored sessions' devices that pushed here) and whether the national server
 * refuses the hub's identity key. All from the store, so it is right after a restart.
 */
export async function readHubStatus(db: Queryable): Promise<HubStatus> {
  const meta = await db.query<{ key: string; value: string }>(
    `SELECT key, value FROM meta WHERE key IN ('hub_id', 'hub_kecamatan', 'hub_uplink', 'hub_last_forward_at', $1)`,
    [IDENTITY_REFUSED_KEY],
  );
  const m = new Map(meta.rows.map((r) => [r.key, r.value]));
  const counts = await db.query<{
    waiting: number;
    enrolments: number;
    oldest_enrolment: Date | string | null;
    courses: number;
    phones: number;
  }>(
    `SELECT (SELECT count(*)::int FROM hub_outbox WHERE forwarded_at IS NULL) AS waiting,
            (SELECT count(*)::int FROM hub_enrolments WHERE forwarded_at IS NULL) AS enrolments,
            (SELECT min(redeemed_at) FROM hub_enrolments WHERE forwarded_at IS NULL) AS oldest_enrolment,
            (SELECT count(DISTINCT course_id)::int FROM course_versions) AS courses,
            (SELECT count(DISTINCT device_id)::int FROM hub_outbox
              WHERE received_at >= date_trunc('day', now())) AS phones`,
  );
  const c = counts.rows[0]!;
  const refused = m.get(IDENTITY_REFUSED_KEY);
  return {
    mode: 'hub',
    hubId: m.get('hub_id') ?? null,
    kecamatan: m.has('hub_kecamatan') ? (JSON.parse(m.get('hub_kecamatan')!) as { code: string; name: string }) : null,
    uplink: m.get('hub_uplink') === 'up' ? 'up' : 'down',
    waitingBundles: c.waiting,
    waitingEnrolments: c.enrolments,
    oldestWaitingEnrolmentAt: c.oldest_enrolment === null ? null : new Date(c.oldest_enrolment).toISOString(),
    lastForwardAt: m.get('hub_last_forward_at') ?? null,
    coursesMirrored: c.courses,
    phonesSeenToday: c.phones,
    identityRefused: refused
      ? { code: 'hub_identity_conflict', ...(JSON.parse(refused) as { fingerprint: string; at: string }) }
      : null,
  };
}
