import { afterAll, beforeAll } from 'vitest';
import { testConfig, type ServerConfig } from '../../src/server/config';
import { createApp } from '../../src/server/create-app';
import type { Store } from '../../src/server/store/store';
import type { TestStoreKind } from './test-stores';
import { serveTestApp } from './harness/serve-test-app';
import { seedQuizzes } from './sync-fixtures';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  store: Store;
  /** `app.request` with a JSON body and an optional bearer token. */
  call: (
    method: string,
    path: string,
    options?: { json?: unknown; token?: string; headers?: Record<string, string> },
  ) => Promise<Response>;
}

/**
 * A fresh store of `kind` and the app over it for the current `describe`, dropped afterwards.
 * Requests go through `app.request()`: no port, the real middleware chain.
 */
export function useTestApp(kind: TestStoreKind, config: Partial<ServerConfig> = {}): TestApp {
  const ctx = {} as TestApp;
  let drop = async () => {};
  beforeAll(async () => {
    const opened = await kind.open();
    drop = opened.drop;
    ctx.store = opened.store;
    ctx.app = createApp(opened.store, testConfig(config));
    ctx.call = (method, path, options = {}) =>
      Promise.resolve(
        ctx.app.request(path, {
          method,
          headers: {
            ...(options.json !== undefined ? { 'Content-Type': 'application/json' } : {}),
            ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
            ...options.headers,
          },
          ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
        }),
      );
  });
  afterAll(() => drop());
  return ctx;
}

/**
 * `useTestApp` with the fixtures' quizzes published and the app on a loopback port (`url`), for
 * tests that drive the phone's real sync engine, or a fault proxy, against a real socket.
 */
export function useServedTestApp(kind: TestStoreKind, config: Partial<ServerConfig> = {}): TestApp & { url: string } {
  const ctx = useTestApp(kind, config) as TestApp & { url: string };
  let close = async () => {};
  beforeAll(async () => {
    await seedQuizzes(ctx.store);
    const served = await serveTestApp(ctx.app);
    ctx.url = served.url;
    close = served.close;
  });
  afterAll(() => close());
  return ctx;
}
