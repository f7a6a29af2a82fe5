/**
 * Fetch options for a request that may go to the office hub on the LAN.
 *
 * Since Chrome 142 (Local Network Access) a page on the national `https://` origin may call a hub
 * on plain `http://` at its LAN address once the learner has allowed "devices on your local
 * network" — the prompt comes with the first request — and such a request is then exempt from
 * mixed-content blocking. Chrome can tell before connecting that a private IP literal
 * (`http://192.168.1.10:8080`) is local; a name (`http://hub-kantor.local`) it resolves only after
 * the mixed-content check, so the request has to say so itself with `targetAddressSpace: 'local'`.
 * A declared space the address then turns out not to be fails the request, so it is declared only
 * for names that are neither IP literals nor loopback, and never for the app's own origin.
 * Browsers without Local Network Access ignore the unknown option.
 */
export function localNetworkInit(url: string, init: RequestInit = {}): RequestInit {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return init; // a path on the app's own origin
  }
  const own = (globalThis as { location?: { origin: string } }).location?.origin ?? null;
  if (target.origin === own || !/^https?:$/.test(target.protocol)) return init;
  const host = target.hostname.toLowerCase();
  const ipLiteral = /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[');
  const loopback = host === 'localhost' || host.endsWith('.localhost');
  if (ipLiteral || loopback) return init;
  return { ...init, targetAddressSpace: 'local' } as RequestInit;
}
