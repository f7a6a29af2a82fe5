import { serve, type ServerType } from '@hono/node-server';
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** PEM files of the certificate (with its chain) and its private key. */
export interface TlsFiles {
  cert: string;
  key: string;
}

/**
 * Serves `fetch` on `port`: https with `tls` (a hub whose phones come from an https:// app must be
 * https too, or the browser blocks the calls as mixed content), plain http without. The files are
 * read once at start; a renewed certificate takes effect at the next restart.
 * @example listen(app.fetch, { port: 8443, hostname: '0.0.0.0', tls: { cert: 'hub.crt', key: 'hub.key' } }, onUp)
 */
export function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  options: { port: number; hostname: string; tls?: TlsFiles | undefined },
  onListening?: (info: AddressInfo & { url: string }) => void,
): ServerType {
  const scheme = options.tls ? 'https' : 'http';
  const done = (info: AddressInfo) => onListening?.({ ...info, url: `${scheme}://localhost:${info.port}` });
  const base = { fetch, port: options.port, hostname: options.hostname };
  if (!options.tls) return serve(base, done);
  return serve(
    {
      ...base,
      createServer: createHttpsServer,
      serverOptions: { cert: readFileSync(options.tls.cert), key: readFileSync(options.tls.key) },
    },
    done,
  );
}
