// An emulated office Wi-Fi on loopback: a TCP relay in front of the server whose connections all
// share one link of `mbps` (both directions, as a Wi-Fi channel is shared) and add `rttMs` of round
// trip. Each chunk waits for the link to be free, takes its serialisation time, then half the RTT;
// each socket's chunks leave from one queue, in order.
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export interface OfficeLink {
  url: string;
  close: () => Promise<void>;
}

/** Starts the shaped relay to `target` (http://host:port) on a free loopback port. */
export async function startOfficeLink(target: string, mbps = 20, rttMs = 10): Promise<OfficeLink> {
  const { hostname, port } = new URL(target);
  const bytesPerMs = (mbps * 1_000_000) / 8 / 1000;
  let linkFreeAt = 0;
  const sockets = new Set<Socket>();
  /** Per destination socket: chunks in arrival order with the time each may be delivered. */
  const queues = new Map<Socket, Array<{ at: number; data: Buffer | null }>>();
  const drain = (to: Socket) => {
    const queue = queues.get(to);
    if (!queue) return; // the socket has closed
    const now = performance.now();
    while (queue.length > 0 && queue[0]!.at <= now) {
      const { data } = queue.shift()!;
      if (to.destroyed) continue;
      if (data) to.write(data);
      else to.end();
    }
    if (queue.length > 0) setTimeout(() => drain(to), Math.max(0, queue[0]!.at - now));
  };
  /** Queues `data` (null: the end) for `to`, due when the shared link has carried it plus half an RTT. */
  const send = (to: Socket, data: Buffer | null) => {
    const now = performance.now();
    if (data) linkFreeAt = Math.max(now, linkFreeAt) + data.length / bytesPerMs;
    const queue = queues.get(to) ?? [];
    queues.set(to, queue);
    queue.push({ at: Math.max(now, linkFreeAt) + rttMs / 2, data });
    // One timer per socket, for its head: chunks leave in the order they came.
    if (queue.length === 1) setTimeout(() => drain(to), Math.max(0, queue[0]!.at - now));
  };
  const server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => {
        sockets.delete(s);
        queues.delete(s);
      });
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (d: Buffer) => send(upstream, d));
    upstream.on('data', (d: Buffer) => send(client, d));
    // An end goes after the data still on the link.
    client.on('end', () => send(upstream, null));
    upstream.on('end', () => send(client, null));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
