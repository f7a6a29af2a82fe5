// The admin screens' calls to the API (lazy chunk: only admin and monitors load it).
import {
  ListStaffResponseSchema,
  StaffAccountResponseSchema,
  StaffPasswordResponseSchema,
  type CreateStaffRequest,
} from '../../shared/admin/staff-protocol';
import { AuditLogResponseSchema } from '../../shared/audit/audit-action';
import { apiFetch } from '../api/api-fetch';

export const fetchStaff = (token: string) => apiFetch('/api/staff', ListStaffResponseSchema, { token });

/** Creates a staff account; the answer holds its first password, shown once. */
export const createStaff = (token: string, body: CreateStaffRequest) =>
  apiFetch('/api/staff', StaffPasswordResponseSchema, { method: 'POST', token, body: JSON.stringify(body) });

export const setStaffEnabled = (token: string, id: string, enabled: boolean) =>
  apiFetch(`/api/staff/${encodeURIComponent(id)}/${enabled ? 'enable' : 'disable'}`, StaffAccountResponseSchema, {
    method: 'POST',
    token,
  });

export const resetStaffPassword = (token: string, id: string) =>
  apiFetch(`/api/staff/${encodeURIComponent(id)}/reset-password`, StaffPasswordResponseSchema, {
    method: 'POST',
    token,
  });

/** A page of the audit log, newest first; `region` null reads the caller's whole scope. */
export const fetchAuditLog = (token: string, region: string | null, before: string | null) => {
  const query = new URLSearchParams({ limit: '50' });
  if (region) query.set('region', region);
  if (before) query.set('before', before);
  return apiFetch(`/api/audit?${query}`, AuditLogResponseSchema, { token });
};
