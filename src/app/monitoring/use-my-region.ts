import type { Region } from '../../shared/monitoring/regions';
import { fetchMyRegion } from './monitoring-api';
import { useApi, type Loaded } from './use-api';

/** The caller's own region: null for admin (all of Indonesia). */
export function useMyRegion(token: string): Loaded<Region | null> {
  const mine = useApi('mine', () => fetchMyRegion(token));
  return mine.state === 'ready' ? { state: 'ready', data: mine.data.region } : mine;
}
