import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ServerConfig {
  port: number;
  host: string;
  /** PGlite data folder, used when `databaseUrl` is empty. */
  dataDir: string;
  databaseUrl: string | undefined;
  /** A streaming replica of `databaseUrl` for report queries (opened read-only); unset reads the primary. */
  reportsDatabaseUrl: string | undefined;
  /** The built PWA (vite's `dist/`). */
  staticDir: string;
  version: string;
  adminPassword: string | undefined;
  /** Seed demo accounts and courses on first start. */
  seedDemo: boolean;
  /** Largest request body accepted, in bytes (after gzip decoding, too). */
  maxBodyBytes: number;
  /**
   * Bearer token that reads `/metrics` (Prometheus); unset, `/metrics` does not exist. A static
   * secret rather than a staff session: a scraper needs no account and gains no API powers.
   */
  metricsToken: string | undefined;
  /** Reverse proxies whose `X-Forwarded-For` names the client (sign-in limits per address); see docs/operations.md. */
  trustedProxies: string[];
  /**
   * Hub mode (docs/hub.md): the national server's base URL. Set, this server is a kecamatan hub:
   * pushes are held and forwarded there, learners and courses are mirrored from there.
   */
  hubUpstream: string | undefined;
  /** The credential an admin issued for this hub (`POST /api/hubs`); required with `hubUpstream`. */
  hubCredential: string | undefined;
  /** Origins whose pages may call this hub's API (CORS); default: the upstream's origin, where the app is served. */
  hubAppOrigins: string[];
  /** The hub forwarder's longest wait between tries while the uplink fails (`LENTERA_HUB_MAX_BACKOFF_MS`, default 5 minutes). */
  hubMaxBackoffMs: number;
  /**
   * PEM paths of a certificate and its key (`LENTERA_TLS_CERT`, `LENTERA_TLS_KEY`): both set, the
   * server answers https only; unset, http (docs/hub.md, "HTTPS").
   */
  tls: { cert: string; key: string } | undefined;
}

/** Reads the server's settings from the environment; every variable is documented in docs/operations.md. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string };
  return {
    port: env.PORT ? Number(env.PORT) : 8080,
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.LENTERA_DATA ?? resolve(ROOT, 'data')),
    databaseUrl: env.DATABASE_URL || undefined,
    reportsDatabaseUrl: env.LENTERA_REPORTS_DATABASE_URL || undefined,
    staticDir: resolve(env.LENTERA_STATIC_DIR ?? resolve(ROOT, 'dist')),
    version: env.LENTERA_VERSION ?? pkg.version,
    adminPassword: env.LENTERA_ADMIN_PASSWORD || undefined,
    seedDemo: env.LENTERA_DEMO !== '0',
    maxBodyBytes: Number(env.LENTERA_MAX_BODY_BYTES ?? 8 * 1024 * 1024),
    metricsToken: env.LENTERA_METRICS_TOKEN || undefined,
    trustedProxies: (env.LENTERA_TRUSTED_PROXIES ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
    hubUpstream: env.LENTERA_HUB_UPSTREAM?.replace(/\/+$/, '') || undefined,
    hubCredential: env.LENTERA_HUB_CREDENTIAL || undefined,
    hubAppOrigins: hubOrigins(env),
    hubMaxBackoffMs: positiveMs(env.LENTERA_HUB_MAX_BACKOFF_MS, 5 * 60_000),
    tls:
      env.LENTERA_TLS_CERT && env.LENTERA_TLS_KEY
        ? { cert: resolve(env.LENTERA_TLS_CERT), key: resolve(env.LENTERA_TLS_KEY) }
        : undefined,
  };
}

/** `LENTERA_HUB_APP_ORIGINS` (comma-separated), else the upstream's own origin. */
function hubOrigins(env: NodeJS.ProcessEnv): string[] {
  const listed = (env.LENTERA_HUB_APP_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  if (listed.length > 0) return listed;
  if (!env.LENTERA_HUB_UPSTREAM) return [];
  try {
    return [new URL(env.LENTERA_HUB_UPSTREAM).origin];
  } catch {
    return [];
  }
}

/** A config for tests: defaults with overrides, no environment. */
export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return { ...loadConfig({}), seedDemo: false, ...overrides };
}

/** A positive number of milliseconds from the environment, else the default (a typo must not make the hub spin). */
function positiveMs(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && Number.isFinite(n) && n >= 100 ? n : fallback;
}
