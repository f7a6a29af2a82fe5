/**
 * Why a sync run stopped short, as the engine tells it: a value to branch on, never a string to
 * parse back. The screens turn it into a message (src/app/sync/format-sync-error.ts).
 */
export type SyncError =
  /** The request never got an answer: no signal, DNS, a connection cut mid-way. */
  | { kind: 'network'; message: string }
  /** No answer within the engine's request timeout (a 2G window that closed). */
  | { kind: 'timeout' }
  /**
   * The server answered, but not with what was asked: an error status (5xx, 429, 408) with its
   * `ApiError` code or `http_<status>`, or a 200 that is no answer to the request (`bad_response`:
   * a captive portal, a proxy page).
   */
  | { kind: 'server'; status: number; code: string }
  /** The phone's disk is full. */
  | { kind: 'quota' }
  /** Anything else that threw (a broken database); the outbox is untouched. */
  | { kind: 'unexpected'; message: string };

/** The error of a request that threw: `timeout` when our own timer aborted it, else `network`. */
export function requestError(err: unknown, timedOut: boolean): SyncError {
  if (timedOut || (err as { name?: string } | null)?.name === 'TimeoutError') return { kind: 'timeout' };
  return { kind: 'network', message: err instanceof Error ? err.message : String(err) };
}

/**
 * The short code kept on an outbox row as its `lastError` (the row is stored, the union is not):
 * `network: <message>`, `timeout`, the server's code, `quota`, `unexpected: <message>`.
 */
export function syncErrorCode(error: SyncError): string {
  switch (error.kind) {
    case 'network':
      return `network: ${error.message}`;
    case 'timeout':
      return 'timeout';
    case 'server':
      return error.code;
    case 'quota':
      return 'quota';
    case 'unexpected':
      return `unexpected: ${error.message}`;
  }
}
