import { randomBytes } from 'node:crypto';
import { ensureUser } from '../auth/users';
import type { ServerConfig } from '../config';
import { loadRegions } from '../regions/load-regions';
import type { Store } from '../store/store';
import { seedServerEpoch } from '../sync/get-server-epoch';
import { DEMO_ACCOUNTS } from './demo-accounts';
import { seedDemoCourses } from './seed-demo-courses';

export interface InitReport {
  /** Set only on the very first start when no password was configured: shown once, never stored in clear. */
  generatedAdminPassword?: string;
  demoAccounts: string[];
  /** Demo courses published on this start (`id version`). */
  demoCourses?: string[];
  firstStart: boolean;
}

/**
 * First-start work, idempotent on every later start: the server epoch (docs/sync-protocol.md: it
 * changes only when a store is replaced, e.g. restored from a backup), the admin account and the demo data.
 */
export async function initializeStore(store: Store, config: ServerConfig): Promise<InitReport> {
  if (store.kind !== 'postgres') return firstStartWork(store, config);
  // Several processes starting together on one PostgreSQL: one does the first-start work (regions
  // take seconds of CPU), the others wait on this lock, then find it done and skip it. The lock is
  // held by its own transaction while the work runs on other pool connections.
  return store.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(727275)`);
    return firstStartWork(store, config);
  });
}

async function firstStartWork(store: Store, config: ServerConfig): Promise<InitReport> {
  const firstStart = await seedServerEpoch(store);
  const report: InitReport = { demoAccounts: [], firstStart };

  const adminPassword = config.adminPassword ?? randomBytes(12).toString('base64url');
  const admin = await ensureUser(store, {
    username: 'admin',
    name: 'Administrator',
    role: 'admin',
    password: adminPassword,
  });
  if (admin.created && !config.adminPassword) report.generatedAdminPassword = adminPassword;

  // Kemendagri regions: needed to enrol anyone; loaded once, skipped on later starts.
  await loadRegions(store);

  if (config.seedDemo) {
    for (const account of DEMO_ACCOUNTS) {
      await ensureUser(store, account);
      report.demoAccounts.push(`${account.username} (${account.role})`);
    }
    const author = await store.query<{ id: string }>(`SELECT id FROM users WHERE username = 'pelatih'`);
    report.demoCourses = await seedDemoCourses(store, author.rows[0]?.id ?? null);
  }
  return report;
}
