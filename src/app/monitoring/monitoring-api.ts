// Monitoring screens' calls to the API (lazy chunk: only operators, monitors and admin load it).
import { EnrolmentCodesResponseSchema, ImportLearnersResponseSchema } from '../../shared/monitoring/learner-import';
import { RegionReportResponseSchema, SilentVillagesResponseSchema } from '../../shared/monitoring/region-report';
import { MyRegionResponseSchema, SearchRegionsResponseSchema } from '../../shared/monitoring/regions';
import { apiFetch, type ApiResult } from '../api/api-fetch';

/** The caller's own region: where the report opens. */
export const fetchMyRegion = (token: string) => apiFetch('/api/regions/mine', MyRegionResponseSchema, { token });

/** The provinces, for admin (who is bound to no region). */
export const fetchProvinces = (token: string) =>
  apiFetch('/api/regions?parent=&limit=100', SearchRegionsResponseSchema, { token });

/** Regions by name or code, inside `within` when given. */
export const searchRegions = (token: string, q: string, within: string | null) =>
  apiFetch(
    `/api/regions?limit=10&q=${encodeURIComponent(q)}${within ? `&within=${encodeURIComponent(within)}` : ''}`,
    SearchRegionsResponseSchema,
    { token },
  );

export const fetchRegionReport = (token: string, code: string) =>
  apiFetch(`/api/reports/regions/${encodeURIComponent(code)}`, RegionReportResponseSchema, { token });

export const fetchSilentVillages = (token: string, code: string, days: number) =>
  apiFetch(`/api/reports/regions/${encodeURIComponent(code)}/silent?days=${days}`, SilentVillagesResponseSchema, {
    token,
  });

/** Sends the CSV file as the request body, as the server expects (`text/csv`). */
export const uploadLearnerCsv = (token: string, file: Blob) =>
  apiFetch('/api/learners/import', ImportLearnersResponseSchema, {
    method: 'POST',
    token,
    body: file,
    headers: { 'Content-Type': 'text/csv' },
  });

/** Issues one-time enrolment codes for these learners (the printable list). */
export const createEnrolmentCodes = (token: string, usernames: string[]) =>
  apiFetch('/api/learners/enrolment-codes', EnrolmentCodesResponseSchema, {
    method: 'POST',
    token,
    body: JSON.stringify({ usernames }),
  });

/**
 * Downloads the report CSV with the bearer token (a plain link cannot carry it) and hands it to
 * the browser as a file named by the server.
 */
export async function downloadReportCsv(
  token: string,
  code: string,
  delimiter: 'semicolon' | 'comma',
): Promise<ApiResult<string>> {
  let response: Response;
  try {
    response = await fetch(`/api/reports/regions/${encodeURIComponent(code)}/csv?delimiter=${delimiter}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
  } catch {
    return { ok: false, status: 0, code: 'offline', message: 'Network unavailable' };
  }
  if (!response.ok) return { ok: false, status: response.status, code: 'unknown', message: response.statusText };
  const name =
    /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `laporan-${code}.csv`;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { ok: true, data: name };
}
