import type { SilentHub } from '../../shared/monitoring/region-report';
import { HUB_SILENT_AFTER_MS } from '../hub/hub-protocol';
import type { Queryable } from '../store/store';

const iso = (t: Date | string | null) => (t === null ? null : new Date(t).toISOString());

/**
 * The live hubs that matter to `regionCode` — those of its kecamatan, or for a desa the hub of its
 * own kecamatan — not heard from for a day (`HUB_SILENT_AFTER_MS`), or never: a silent hub may hold
 * a whole office's results, so the report names it beside the silent desa. Longest silent first.
 * @example await silentHubs(db, '34.02')
 */
export async function silentHubs(db: Queryable, regionCode: string, now = Date.now()): Promise<SilentHub[]> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    kecamatan_code: string;
    kecamatan: string | null;
    last_seen_at: Date | string | null;
  }>(
    `SELECT h.id::text AS id, h.name, h.kecamatan_code, r.name AS kecamatan, h.last_seen_at
       FROM hubs h LEFT JOIN regions r ON r.code = h.kecamatan_code
      WHERE h.revoked_at IS NULL
        AND (h.kecamatan_code = $1 OR h.kecamatan_code LIKE $1 || '.%' OR $1 LIKE h.kecamatan_code || '.%')
        AND (h.last_seen_at IS NULL OR h.last_seen_at < $2)
      ORDER BY h.last_seen_at NULLS FIRST, h.kecamatan_code, h.name`,
    [regionCode, new Date(now - HUB_SILENT_AFTER_MS).toISOString()],
  );
  return rows.map((r) => ({
    hubId: r.id,
    name: r.name,
    kecamatanCode: r.kecamatan_code,
    kecamatan: r.kecamatan,
    lastSeenAt: iso(r.last_seen_at),
  }));
}
