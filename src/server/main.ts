import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from './config';
import { createApp } from './create-app';
import { runHub } from './hub/run-hub';
import { listen } from './http/listen';
import { log } from './log';
import { DEMO_PASSWORD } from './seed/demo-accounts';
import { initializeStore } from './seed/initialize-store';
import { openReportStore } from './store/open-report-store';
import { openStore } from './store/open-store';

/** Starts the one Lentera process: API + built PWA on one port. */
async function main(): Promise<void> {
  const loaded = loadConfig();
  if (loaded.hubUpstream !== undefined && loaded.hubCredential === undefined) {
    throw new Error('LENTERA_HUB_UPSTREAM is set but LENTERA_HUB_CREDENTIAL is not (docs/hub.md)');
  }
  if (!loaded.tls && (process.env.LENTERA_TLS_CERT || process.env.LENTERA_TLS_KEY)) {
    // Half a TLS setting would silently serve plain http: refuse instead.
    throw new Error('Set both LENTERA_TLS_CERT and LENTERA_TLS_KEY, or neither (docs/hub.md, "HTTPS")');
  }
  // A hub never seeds demo learners or courses: its learners and courses come from upstream.
  const config = loaded.hubUpstream !== undefined ? { ...loaded, seedDemo: false } : loaded;
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const init = await initializeStore(store, config);
  const reportStore = await openReportStore(store, { reportsDatabaseUrl: config.reportsDatabaseUrl });
  const app = createApp(store, config, reportStore);
  const hub =
    config.hubUpstream !== undefined
      ? runHub(
          store,
          { baseUrl: config.hubUpstream, credential: config.hubCredential!, fetch },
          Math.random,
          config.hubMaxBackoffMs,
        )
      : null;
  if (!existsSync(join(config.staticDir, 'index.html'))) {
    log('warn', 'built app not found; only the API is served', { staticDir: config.staticDir });
  }
  const server = listen(app.fetch, { port: config.port, hostname: config.host, tls: config.tls }, (info) => {
    const url = info.url;
    // The harness reads this line to learn the port when PORT=0.
    log('info', 'listening', {
      url,
      port: info.port,
      store: store.kind,
      reports: config.reportsDatabaseUrl ? 'replica' : 'primary',
      version: config.version,
      mode: config.hubUpstream !== undefined ? 'hub' : 'national',
    });
    if (process.env.LENTERA_LOG === 'silent') return;
    console.log(
      `\n  Lentera ${config.version} — ${url}  (store: ${store.kind === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL'})`,
    );
    if (init.generatedAdminPassword) {
      console.log(`  admin password (shown once, write it down): ${init.generatedAdminPassword}`);
    }
    if (init.demoCourses && init.demoCourses.length > 0) {
      console.log(`  demo courses published: ${init.demoCourses.join(', ')}`);
    }
    if (init.demoAccounts.length > 0) {
      console.log(`  demo accounts, password "${DEMO_PASSWORD}": ${init.demoAccounts.join(', ')}\n`);
    }
  });

  const shutdown = (signal: string) => {
    log('info', 'shutting down', { signal });
    server.close();
    // The hub's loops first: they write to the store until their current step ends.
    void Promise.resolve(hub?.stop())
      .then(() => Promise.all([store.close(), reportStore.close()]))
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  log('error', 'failed to start', { err: err instanceof Error ? err.stack : String(err) });
  process.exit(1);
});
