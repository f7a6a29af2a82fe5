// A loopback TCP relay that counts every byte both ways — bodies, HTTP headers and all: the bytes a
// phone would pay for. Count HTTP requests separately (the relay does not parse HTTP).
import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ByteCounter {
  url: string;
  bytes: { up: number; down: number };
  reset: () => void;
  close: () => Promise<void>;
}

/** Starts a relay to `target` (http://host:port) on a free loopback port. */
export async function startByteCounter(target: string): Promise<ByteCounter> {
  const { hostname, port } = new URL(target);
  const bytes = { up: 0, down: 0 };
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (d: Buffer) => {
      bytes.up += d.length;
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => {
      bytes.down += d.length;
      client.write(d);
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bytes,
    reset: () => {
      bytes.up = 0;
      bytes.down = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
