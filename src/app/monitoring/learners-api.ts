// The operator's learners list, "hari sinkron", devices and the monitor's chart figures.
import { RegionLearnersResponseSchema, SyncedDevicesResponseSchema } from '../../shared/monitoring/learner-list';
import { RegionChartsResponseSchema } from '../../shared/monitoring/region-charts';
import { SearchRegionsResponseSchema } from '../../shared/monitoring/regions';
import { LearnerDevicesResponseSchema, RevokeDeviceResponseSchema } from '../../shared/sync/bundle-protocol';
import { apiFetch } from '../api/api-fetch';

const regionPath = (code: string) => `/api/reports/regions/${encodeURIComponent(code)}`;

export const fetchRegionLearners = (token: string, code: string) =>
  apiFetch(`${regionPath(code)}/learners`, RegionLearnersResponseSchema, { token });

/** Phones of the region that synced since `since` (the screen passes the start of the local day). */
export const fetchSyncedDevices = (token: string, code: string, since: Date) =>
  apiFetch(`${regionPath(code)}/synced?since=${encodeURIComponent(since.toISOString())}`, SyncedDevicesResponseSchema, {
    token,
  });

export const fetchRegionCharts = (token: string, code: string) =>
  apiFetch(`${regionPath(code)}/charts`, RegionChartsResponseSchema, { token });

/** The direct children of a region (a kecamatan's desa), up to 500. */
export const fetchChildRegions = (token: string, parent: string) =>
  apiFetch(`/api/regions?limit=500&parent=${encodeURIComponent(parent)}`, SearchRegionsResponseSchema, { token });

/** Regions matching a name inside `within` (null: everywhere), up to 50. */
export const findRegions = (token: string, q: string, within: string | null) =>
  apiFetch(
    `/api/regions?limit=50&q=${encodeURIComponent(q)}${within ? `&within=${encodeURIComponent(within)}` : ''}`,
    SearchRegionsResponseSchema,
    { token },
  );

export const fetchLearnerDevices = (token: string, learnerId: string) =>
  apiFetch(`/api/learners/${encodeURIComponent(learnerId)}/devices`, LearnerDevicesResponseSchema, { token });

export const revokeDevice = (token: string, deviceId: string, reason: string) =>
  apiFetch(`/api/devices/${encodeURIComponent(deviceId)}/revoke`, RevokeDeviceResponseSchema, {
    method: 'POST',
    token,
    body: JSON.stringify({ reason }),
  });
