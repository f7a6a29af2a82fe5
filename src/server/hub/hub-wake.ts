import type { Store } from '../store/store';

// Keyed by the store, not global: a test process may run several hubs side by side, each with its
// own store, and a phone's bundle must wake only the forwarder of the hub that holds it.
const forwarders = new WeakMap<Store, Set<() => void>>();

/** Registers the forwarder of the hub on `store`; returns the function that unregisters it. */
export function onHubWork(store: Store, wake: () => void): () => void {
  let set = forwarders.get(store);
  if (!set) forwarders.set(store, (set = new Set()));
  set.add(wake);
  return () => set.delete(wake);
}

/**
 * Tells the forwarder that something waits to go upstream (a bundle held, an enrolment queued), so
 * it forwards now rather than after its idle wait. Called after the commit: the forwarder reads
 * the store, and must find what woke it.
 */
export function wakeHubForwarder(store: Store): void {
  for (const wake of forwarders.get(store) ?? []) wake();
}
