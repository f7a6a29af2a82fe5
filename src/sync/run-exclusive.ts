const running = new Set<string>();

/**
 * Runs `fn` unless a sync is already running on this device — in this tab, another tab or the
 * service worker (Web Locks are shared by all of them). A trigger that finds the lock taken is
 * dropped: the running sync drains the outbox anyway. Returns null when skipped.
 */
export async function runExclusive<T>(name: string, fn: () => Promise<T>): Promise<T | null> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (locks) {
    return locks.request(`lentera-sync:${name}`, { ifAvailable: true }, async (lock) => (lock ? fn() : null));
  }
  // No Web Locks (old browsers, Node tests): at least one run at a time per database in this context.
  if (running.has(name)) return null;
  running.add(name);
  try {
    return await fn();
  } finally {
    running.delete(name);
  }
}
