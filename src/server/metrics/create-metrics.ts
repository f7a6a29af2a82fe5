import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Queryable } from '../store/store';

/** Every counter the server keeps for `/metrics`; one set per app (so tests never share counts). */
export interface Metrics {
  registry: Registry;
  /** Push requests by HTTP status. */
  pushes: Counter<'status'>;
  /** Pushed items by the result the phone was told; `reason` only for rejected ones. */
  items: Counter<'result' | 'reason'>;
  /** Items the phone moves to its dead-letter list because of this answer (conflict, rejected). */
  deadLetters: Counter<'reason'>;
  /** Server time of an answered push (status 200), from the first middleware to the last byte built. */
  pushSeconds: Histogram;
  /** Pull requests by HTTP status. */
  pulls: Counter<'status'>;
  /** Refused sign-ins (`route` login or enrol) by why. */
  loginFailures: Counter<'route' | 'reason'>;
}

/** Windows of the active-devices gauge: a device is active when it synced within the window. */
const ACTIVE_WINDOWS = { '1d': 1, '7d': 7, '30d': 30 } as const;

let processRegistry: Registry | undefined;

/**
 * Process figures (CPU, memory, event-loop delay, GC): one set per Node process, however many apps
 * it runs — the event-loop monitor samples on a timer, so tests that build many apps must not add one each.
 */
export function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * Creates the server's counters. The active-devices gauge reads the store on each scrape, so
 * every process behind a load balancer reports the same, database-wide figure.
 */
export function createMetrics(db: Queryable): Metrics {
  const registry = new Registry();
  const registers = [registry];
  new Gauge({
    name: 'lentera_active_devices',
    help: 'Devices whose last push is within the window (from the database, the same in every process)',
    labelNames: ['window'],
    registers,
    async collect() {
      const { rows } = await db.query<Record<string, number>>(
        `SELECT ${Object.entries(ACTIVE_WINDOWS)
          .map(([w, days]) => `count(*) FILTER (WHERE last_sync_at > now() - interval '${days} days')::int AS "${w}"`)
          .join(', ')}
           FROM devices`,
      );
      for (const window of Object.keys(ACTIVE_WINDOWS)) this.set({ window }, Number(rows[0]?.[window] ?? 0));
    },
  });
  return {
    registry,
    pushes: new Counter({
      name: 'lentera_sync_pushes_total',
      help: 'Push requests by HTTP status',
      labelNames: ['status'],
      registers,
    }),
    items: new Counter({
      name: 'lentera_sync_items_total',
      help: 'Pushed items by result (accepted, duplicate, conflict, rejected) and, for rejected, reason',
      labelNames: ['result', 'reason'],
      registers,
    }),
    deadLetters: new Counter({
      name: 'lentera_sync_dead_letters_total',
      help: 'Items answered conflict or rejected: the phone moves each to its dead-letter list',
      labelNames: ['reason'],
      registers,
    }),
    pushSeconds: new Histogram({
      name: 'lentera_sync_push_duration_seconds',
      help: 'Server time of answered pushes (status 200), body decoding and the one transaction included',
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers,
    }),
    pulls: new Counter({
      name: 'lentera_sync_pulls_total',
      help: 'Pull requests by HTTP status',
      labelNames: ['status'],
      registers,
    }),
    loginFailures: new Counter({
      name: 'lentera_login_failures_total',
      help: 'Refused sign-ins: route login (password) or enrol (one-time code), by reason',
      labelNames: ['route', 'reason'],
      registers,
    }),
  };
}
