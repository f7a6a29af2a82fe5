import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { createApp } from '../../../src/server/create-app';

/** Serves an app on a free loopback port, so faults can be injected on a real socket. */
export async function serveTestApp(
  app: ReturnType<typeof createApp>,
): Promise<{ url: string; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      });
    });
  });
}
