import type { Queryable } from '../store/store';

/** One hub of a learner's kecamatan as the pull names it: its key's fingerprint, or null when revoked. */
export interface KecamatanHubKey {
  hubId: string;
  key: string | null;
}

/**
 * The hubs of the learner's kecamatan with a registered identity key, for the pull (`hubKeys`): a
 * phone that typed the hub's address instead of scanning its QR can then check the hub, and a
 * revoked hub is named with `key: null` so the phone stops trusting it, also one it pinned from a QR.
 * Empty for a learner without a desa or whose kecamatan has no hub.
 */
export async function readKecamatanHubKeys(db: Queryable, learnerId: string): Promise<KecamatanHubKey[]> {
  const { rows } = await db.query<{ id: string; fingerprint: string; revoked: boolean }>(
    `SELECT h.id::text AS id, h.identity_fingerprint AS fingerprint, h.revoked_at IS NOT NULL AS revoked
       FROM users u JOIN hubs h ON u.desa_code LIKE h.kecamatan_code || '.%'
      WHERE u.id = $1 AND h.identity_fingerprint IS NOT NULL
      ORDER BY h.created_at`,
    [learnerId],
  );
  return rows.map((r) => ({ hubId: r.id, key: r.revoked ? null : r.fingerprint }));
}
