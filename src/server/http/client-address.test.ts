import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveTestApp } from '../../../tests/server/harness/serve-test-app';
import { testConfig } from '../config';
import type { AppEnv } from './app-env';
import { clientAddress } from './client-address';

describe('client address behind a reverse proxy', () => {
  const servers: Array<{ url: string; close: () => Promise<void> }> = [];
  const serve = async (trustedProxies: string[]) => {
    const app = new Hono<AppEnv>()
      .use(async (c, next) => {
        c.set('config', testConfig({ trustedProxies }));
        await next();
      })
      .get('/who', (c) => c.text(clientAddress(c)));
    const server = await serveTestApp(app);
    servers.push(server);
    return (forwardedFor?: string) =>
      fetch(`${server.url}/who`, { headers: forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {} }).then((r) =>
        r.text(),
      );
  };
  let direct: Awaited<ReturnType<typeof serve>>;
  let proxied: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    direct = await serve([]);
    proxied = await serve(['127.0.0.1', '10.0.0.9']);
  });
  afterAll(() => Promise.all(servers.map((s) => s.close())));

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy: nobody picks their own address', async () => {
    expect(await direct()).toBe('127.0.0.1');
    expect(await direct('203.0.113.7')).toBe('127.0.0.1');
  });

  it('reads the first untrusted hop from the right when the peer is a trusted proxy', async () => {
    expect(await proxied('203.0.113.7')).toBe('203.0.113.7');
    // A client that writes its own header only prepends: the hop nginx appended still wins.
    expect(await proxied('198.51.100.1, 203.0.113.7')).toBe('203.0.113.7');
    expect(await proxied('203.0.113.7, 10.0.0.9')).toBe('203.0.113.7');
    expect(await proxied('::ffff:203.0.113.8')).toBe('203.0.113.8');
    expect(await proxied()).toBe('127.0.0.1');
  });
});
