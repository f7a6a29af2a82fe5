import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does to one request. */
export type Fault =
  | { kind: 'pass' }
  /** Forward, let the server commit and answer, then cut the connection before the client hears it. */
  | { kind: 'drop-response' }
  /** Send the server only the first half of the body, then cut: the server sees a truncated request. */
  | { kind: 'truncate-request' }
  /** Forward, then pass on only the first `afterBytes` of the answer and cut: a link dying mid-download. */
  | { kind: 'cut-response'; afterBytes: number }
  /** Answer by itself with this status (the server never sees the request). */
  | { kind: 'status'; status: number; code: string; retryAfter?: number };

/** A slow link: every request and answer waits half the round trip plus its size at this rate. */
export interface LinkShape {
  rttMs: number;
  bytesPerSecond: number;
}

export interface FaultProxy {
  url: string;
  /** Bytes that crossed the link, both ways. */
  bytes: { up: number; down: number };
  /** Every request the proxy saw, with the fault it applied, its Range header and the answer bytes passed on. */
  log: Array<{ path: string; fault: Fault['kind']; range?: string; down?: number }>;
  close: () => Promise<void>;
}

/**
 * A loopback HTTP proxy in front of `target` that injects one fault per request, chosen by `plan`
 * from the request's number, path and raw body (still gzipped if the client gzipped it).
 * The client sees exactly what a flaky 2G link or a dying server would show it.
 */
export async function startFaultProxy(
  target: string,
  plan: (n: number, path: string, body: Buffer) => Fault,
  link?: LinkShape,
): Promise<FaultProxy> {
  const upstream = new URL(target);
  const log: FaultProxy['log'] = [];
  const bytes = { up: 0, down: 0 };
  const transfer = (size: number) =>
    new Promise((r) => setTimeout(r, link ? link.rttMs / 2 + (size / link.bytesPerSecond) * 1000 : 0));
  let n = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      bytes.up += body.length;
      await transfer(body.length);
      const fault = plan(n++, req.url ?? '', body);
      const entry: FaultProxy['log'][number] = { path: req.url ?? '', fault: fault.kind };
      if (req.headers.range) entry.range = req.headers.range;
      log.push(entry);
      if (fault.kind === 'status') {
        res.writeHead(fault.status, {
          'Content-Type': 'application/json',
          ...(fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : {}),
        });
        res.end(JSON.stringify({ error: { code: fault.code, message: 'injected by fault proxy' } }));
        return;
      }
      const headers = { ...req.headers, host: upstream.host, 'content-length': String(body.length) };
      const out = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
        (up) => {
          const answer: Buffer[] = [];
          up.on('data', (c: Buffer) => answer.push(c));
          up.on('end', async () => {
            const whole = Buffer.concat(answer);
            const passed = fault.kind === 'cut-response' ? Math.min(fault.afterBytes, whole.length) : whole.length;
            bytes.down += passed;
            entry.down = passed;
            await transfer(passed);
            if (fault.kind === 'drop-response') {
              req.socket.destroy();
              return;
            }
            const h = { ...up.headers };
            delete h['transfer-encoding'];
            if (fault.kind === 'cut-response') {
              // The full length is promised, part of it sent: the client sees the body end early.
              res.writeHead(up.statusCode ?? 502, { ...h, 'content-length': String(whole.length) });
              res.write(whole.subarray(0, passed), () => setTimeout(() => req.socket.destroy(), 50));
              return;
            }
            res.writeHead(up.statusCode ?? 502, { ...h, 'content-length': String(Buffer.concat(answer).length) });
            res.end(Buffer.concat(answer));
          });
        },
      );
      out.on('error', () => req.socket.destroy());
      if (fault.kind === 'truncate-request') {
        out.write(body.subarray(0, Math.floor(body.length / 2)));
        setTimeout(() => {
          out.destroy();
          req.socket.destroy();
        }, 50);
        return;
      }
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    bytes,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
