import type { MessageKey } from '../i18n/messages';

/** The plain-language message for why the last sync stopped (engine codes → catalogue keys). */
export function syncErrorMessage(lastError: string | undefined, needsSignIn: boolean): MessageKey | null {
  if (needsSignIn) return 'sync.error.signIn';
  if (lastError === undefined) return null;
  if (lastError === 'quota') return 'sync.error.quota';
  if (lastError.startsWith('network') || lastError === 'timeout') return 'sync.error.offline';
  return 'sync.error.server';
}

const REASONS = new Set([
  'unknown_course',
  'unknown_lesson',
  'unknown_quiz',
  'forbidden',
  'invalid_item',
  'invalid_hlc',
  'mode_mismatch',
  'conflict',
  'too_large',
  'server_error_persistent',
]);

/** The catalogue key for a dead-letter reason; unknown reasons show their code. */
export function deadReasonKey(reason: string | undefined): MessageKey | null {
  return reason && REASONS.has(reason) ? (`sync.reason.${reason}` as MessageKey) : null;
}
