import type { SyncError } from '../../sync/sync-error';
// Types only: the engine is a lazy chunk, the status line is on every screen.
import type { SERVER_ERROR_REASON } from '../../sync/record-server-error';
import { REJECT_REASONS, type RejectReason } from '../../shared/sync/protocol';
import type { MessageKey } from '../i18n/messages';

/** The plain-language message for why the last sync stopped. */
export function syncErrorMessage(lastError: SyncError | undefined, needsSignIn: boolean): MessageKey | null {
  if (needsSignIn) return 'sync.error.signIn';
  if (lastError === undefined) return null;
  switch (lastError.kind) {
    case 'quota':
      return 'sync.error.quota';
    case 'network':
    case 'timeout':
      return 'sync.error.offline';
    case 'server':
    case 'unexpected':
      return 'sync.error.server';
  }
}

/**
 * Every reason an item can be dead-lettered for: the server's reject reasons, a conflict, and the
 * engine's own (`too_large` alone, `server_error_persistent`).
 */
type DeadReason = RejectReason | 'conflict' | 'too_large' | typeof SERVER_ERROR_REASON;

const DEAD_REASONS: ReadonlySet<string> = new Set<DeadReason>([
  ...REJECT_REASONS,
  'conflict',
  'too_large',
  'server_error_persistent',
]);

const isDeadReason = (reason: string): reason is DeadReason => DEAD_REASONS.has(reason);

/** The catalogue key for a dead-letter reason; unknown reasons show their code. */
export function deadReasonKey(reason: string | undefined): MessageKey | null {
  if (reason === undefined || !isDeadReason(reason)) return null;
  // `satisfies`: a reason without a `sync.reason.*` message in the catalogue fails the type-check.
  return `sync.reason.${reason}` as const satisfies MessageKey;
}
