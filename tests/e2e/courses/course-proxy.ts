import http from 'node:http';

const FILE = /^\/api\/course-files\/([0-9a-f]{64})/;

/**
 * A proxy in front of the e2e server that plays the weak rural link for course files: it counts
 * the bytes of every file it sends, throttles them, cuts connections mid-body, refuses for a
 * while, and can tamper with a file in transit or play a server without manifest deltas.
 * Everything else passes straight through.
 */
export interface CourseProxy {
  url: string;
  /** Bytes of file bodies written to the browser, by hash (cut-off partial bodies included). */
  delivered: Map<string, number>;
  /** Furthest byte offset of each file sent so far: how much of the file has crossed at least once. */
  reached: Map<string, number>;
  /** Bytes per second for file bodies; null = unthrottled. */
  bytesPerSecond: number | null;
  /** Hashes whose bodies get one byte flipped on the way. */
  tamper: Set<string>;
  /** False: manifest deltas answer 404, as from a server before them (the phone fetches the whole manifest). */
  deltas: boolean;
  /** Drops every file response in flight and refuses new ones for `ms`. */
  cut: (ms: number) => void;
  /**
   * File responses still being written. A browser that aborts a fetch closes the socket a moment
   * later than the page learns of it, and the proxy notices later still: a test that wants "nothing
   * moves" waits for this to reach 0 before it starts counting.
   */
  inFlight: () => number;
  close: () => Promise<void>;
}

export async function startCourseProxy(target: string): Promise<CourseProxy> {
  const upstream = new URL(target);
  const inFlight = new Set<http.ServerResponse>();
  let refuseUntil = 0;
  const proxy: CourseProxy = {
    url: '',
    delivered: new Map(),
    reached: new Map(),
    bytesPerSecond: null,
    tamper: new Set(),
    deltas: true,
    cut: (ms) => {
      refuseUntil = Date.now() + ms;
      for (const res of inFlight) res.destroy();
      inFlight.clear();
    },
    inFlight: () => inFlight.size,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    const hash = FILE.exec(req.url ?? '')?.[1];
    if (hash && Date.now() < refuseUntil) return void req.socket.destroy();
    if (!proxy.deltas && /^\/api\/courses\/[^/]+\/versions\/[^/]+\/delta(\?|$)/.test(req.url ?? '')) {
      res.writeHead(404).end();
      return;
    }
    const outgoing = http.request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
      (up) => {
        if (!hash) {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          return;
        }
        const parts: Buffer[] = [];
        up.on('data', (b: Buffer) => parts.push(b));
        up.on('end', () => void dribble(hash, Buffer.concat(parts), up, res));
      },
    );
    outgoing.on('error', () => res.destroy());
    req.pipe(outgoing);
  });

  async function dribble(hash: string, body: Buffer, up: http.IncomingMessage, res: http.ServerResponse) {
    if (proxy.tamper.has(hash) && body.length > 0) body[0] = body[0]! ^ 0xff;
    inFlight.add(res);
    res.on('close', () => inFlight.delete(res));
    res.writeHead(up.statusCode ?? 502, up.headers);
    const start = Number(/^bytes (\d+)-/.exec(String(up.headers['content-range'] ?? ''))?.[1] ?? 0);
    const slice = 4096;
    for (let i = 0; i < body.length && !res.destroyed; i += slice) {
      const piece = body.subarray(i, i + slice);
      res.write(piece);
      proxy.delivered.set(hash, (proxy.delivered.get(hash) ?? 0) + piece.length);
      proxy.reached.set(hash, Math.max(proxy.reached.get(hash) ?? 0, start + i + piece.length));
      if (proxy.bytesPerSecond) await new Promise((r) => setTimeout(r, (piece.length / proxy.bytesPerSecond!) * 1000));
    }
    inFlight.delete(res);
    if (!res.destroyed) res.end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return proxy;
}
