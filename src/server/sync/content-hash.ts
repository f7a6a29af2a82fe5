import { hash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** sha256 (hex) of the canonical JSON: equal for two copies of one item whatever their key order. */
export function contentHash(value: unknown): string {
  return hashOfCanonical(canonicalJson(value));
}

/** `contentHash` of a value whose canonical JSON is `text` (made once, when the text is needed too). */
export function hashOfCanonical(text: string): string {
  return hash('sha256', text, 'hex');
}
