import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { AppEnv } from './app-env';

/** `::ffff:10.0.0.5` and `10.0.0.5` are one address. */
const plain = (address: string) => address.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');

/**
 * The address a request came from, for sign-in limits. Behind a reverse proxy every socket comes
 * from the proxy, so one kecamatan's failures would lock out the whole country: when the socket
 * peer is one of `LENTERA_TRUSTED_PROXIES`, the address is read from `X-Forwarded-For` instead,
 * right to left, skipping trusted proxies (a client can prepend anything, never append past them).
 * Without trusted proxies the header is ignored: anyone could otherwise pick their own address.
 */
export function clientAddress(c: Context<AppEnv>): string {
  let peer: string;
  try {
    peer = plain(getConnInfo(c).remote.address ?? 'unknown');
  } catch {
    return 'unknown'; // app.request() in tests has no socket
  }
  const trusted = new Set(c.var.config.trustedProxies.map(plain));
  if (!trusted.has(peer)) return peer;
  const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map(plain).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!trusted.has(hops[i]!)) return hops[i]!;
  return peer;
}
