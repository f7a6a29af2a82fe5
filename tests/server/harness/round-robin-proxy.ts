import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobinProxy {
  url: string;
  /** Per upstream: requests sent, answered, refused (nothing listening) and cut mid-request. */
  stats: Array<{ target: string; sent: number; answered: number; refused: number; cut: number }>;
  /** `METHOD path` of every request cut because its upstream died mid-request. */
  cuts: string[];
  /** Requests forwarded to upstream `i` and not yet answered. */
  inFlight: (i: number) => number;
  close: () => Promise<void>;
}

/**
 * A loopback load balancer in front of `targets`, one request to each in turn, behaving like the
 * nginx layout in docs/operations.md: a GET or HEAD that finds nothing listening goes to the next
 * upstream; any other request (a push, a sign-in) is answered 502 and the phone retries — a
 * balancer must not replay a request that may have reached a server. A request cut because its
 * upstream died mid-request is answered 502 as well.
 */
export async function startRoundRobinProxy(targets: string[]): Promise<RoundRobinProxy> {
  const upstreams = targets.map((t) => new URL(t));
  const stats = targets.map((target) => ({ target, sent: 0, answered: 0, refused: 0, cut: 0 }));
  const pending = targets.map(() => 0);
  const cuts: string[] = [];
  const cutOff = (i: number, req: IncomingMessage) => {
    stats[i]!.cut++;
    cuts.push(`${req.method} ${req.url}`);
  };
  let next = 0;

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, tries: number) => {
    const i = next++ % upstreams.length;
    const upstream = upstreams[i]!;
    stats[i]!.sent++;
    pending[i]!++;
    let settled = false;
    /** First of the answer's end and the connection's error wins; false for the loser. */
    const settle = () => {
      if (settled) return false;
      settled = true;
      pending[i]!--;
      return true;
    };
    const out = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host, 'content-length': String(body.length) },
      },
      (up) => {
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('error', () => undefined); // the 'close' below decides
        up.on('close', () => {
          if (!settle()) return;
          if (!up.complete) {
            cutOff(i, req);
            if (!res.headersSent) res.writeHead(502).end();
            return;
          }
          stats[i]!.answered++;
          const whole = Buffer.concat(chunks);
          const headers = { ...up.headers, 'content-length': String(whole.length) };
          delete headers['transfer-encoding'];
          res.writeHead(up.statusCode ?? 502, headers);
          res.end(whole);
        });
      },
    );
    out.on('error', (err: NodeJS.ErrnoException) => {
      if (!settle()) return;
      const idempotent = req.method === 'GET' || req.method === 'HEAD';
      if (err.code === 'ECONNREFUSED') {
        stats[i]!.refused++;
        if (idempotent && tries < upstreams.length) return forward(req, res, body, tries + 1);
      } else {
        cutOff(i, req);
      }
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'bad_gateway', message: `upstream ${err.code ?? err.message}` } }));
    });
    out.end(body);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => forward(req, res, Buffer.concat(chunks), 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stats,
    cuts,
    inFlight: (i) => pending[i]!,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
