import { hash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** sha256 (hex) of the canonical JSON: equal for two copies of one item whatever their key order. */
export function contentHash(value: unknown): string {
  return hash('sha256', canonicalJson(value), 'hex');
}
