import { computed, signal } from '@preact/signals';

const holders = signal<ReadonlySet<string>>(new Set());

/** True while something (a quiz attempt) must not be cut off by a reload. */
export const workInProgress = computed(() => holders.value.size > 0);

/**
 * Marks work that an app update must wait for; call the returned function when it is finished or saved.
 * @example const release = holdUpdates('quiz:123'); … release();
 */
export function holdUpdates(reason: string): () => void {
  holders.value = new Set([...holders.value, reason]);
  return () => {
    const next = new Set(holders.value);
    next.delete(reason);
    holders.value = next;
  };
}
