import { randomUUID } from 'node:crypto';
import { hashToken, newToken } from '../auth/token';
import { ApiProblem } from '../http/api-problem';
import { findRegion } from '../regions/search-regions';
import { isWithin } from '../regions/region-scope';
import type { Queryable } from '../store/store';
import { HUB_SILENT_AFTER_MS, type CreateHubResponse, type HubSummary } from './hub-protocol';

/** A hub as its credential authenticates it. */
export interface HubIdentity {
  id: string;
  kecamatanCode: string;
  name: string;
}

/**
 * Issues a hub for one kecamatan: a new id and credential, of which only the hash is stored (as for
 * session tokens). Throws 404 unknown_region unless the code is a kecamatan (level 3) of the region list.
 */
export async function createHub(
  db: Queryable,
  input: { kecamatanCode: string; name: string; createdBy: string },
): Promise<CreateHubResponse> {
  const region = await findRegion(db, input.kecamatanCode);
  if (!region || region.level !== 3) {
    throw new ApiProblem(404, 'unknown_region', `No kecamatan with code ${input.kecamatanCode}`);
  }
  const hubId = randomUUID();
  const credential = newToken();
  await db.query(
    `INSERT INTO hubs (id, kecamatan_code, name, credential_hash, created_by) VALUES ($1, $2, $3, $4, $5)`,
    [hubId, region.code, input.name, hashToken(credential), input.createdBy],
  );
  return { hubId, credential, kecamatan: { code: region.code, name: region.name } };
}

/**
 * The live hub a credential belongs to, and records that it was heard from; throws 401
 * hub_credential_invalid (unknown) or 401 hub_revoked.
 */
export async function authenticateHub(db: Queryable, credential: string): Promise<HubIdentity> {
  const { rows } = await db.query<{ id: string; kecamatan_code: string; name: string; revoked: boolean }>(
    `UPDATE hubs SET last_seen_at = now() WHERE credential_hash = $1
     RETURNING id, kecamatan_code, name, revoked_at IS NOT NULL AS revoked`,
    [hashToken(credential)],
  );
  const hub = rows[0];
  if (!hub) throw new ApiProblem(401, 'hub_credential_invalid', 'Unknown hub credential');
  if (hub.revoked) throw new ApiProblem(401, 'hub_revoked', 'This hub was revoked');
  return { id: hub.id, kecamatanCode: hub.kecamatan_code, name: hub.name };
}

/** Revokes a hub (its credential stops working at once); throws 404 unknown_hub. Revoking twice keeps the first time. */
export async function revokeHub(db: Queryable, hubId: string, revokedBy: string): Promise<{ revokedAt: string }> {
  const { rows } = await db.query<{ revoked_at: Date }>(
    `UPDATE hubs SET revoked_at = COALESCE(revoked_at, now()), revoked_by = COALESCE(revoked_by, $2)
     WHERE id = $1 RETURNING revoked_at`,
    [hubId, revokedBy],
  );
  if (!rows[0]) throw new ApiProblem(404, 'unknown_hub', `No hub ${hubId}`);
  return { revokedAt: new Date(rows[0].revoked_at).toISOString() };
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** The hubs inside `scope` ('' for all), silent ones first, then by kecamatan. */
export async function listHubs(db: Queryable, scope: string, now = Date.now()): Promise<HubSummary[]> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    kecamatan_code: string;
    created_at: Date;
    last_seen_at: Date | null;
    bundles_forwarded: string | number;
    revoked_at: Date | null;
  }>(
    `SELECT id, name, kecamatan_code, created_at, last_seen_at, bundles_forwarded, revoked_at
     FROM hubs ORDER BY kecamatan_code, created_at`,
  );
  const hubs = rows
    .filter((r) => scope === '' || isWithin(r.kecamatan_code, scope))
    .map((r): HubSummary => ({
      hubId: r.id,
      name: r.name,
      kecamatanCode: r.kecamatan_code,
      createdAt: iso(r.created_at)!,
      lastSeenAt: iso(r.last_seen_at),
      bundlesForwarded: Number(r.bundles_forwarded),
      revokedAt: iso(r.revoked_at),
      silent:
        r.revoked_at === null &&
        (r.last_seen_at === null || now - new Date(r.last_seen_at).getTime() > HUB_SILENT_AFTER_MS),
    }));
  return [...hubs.filter((h) => h.silent), ...hubs.filter((h) => !h.silent)];
}
