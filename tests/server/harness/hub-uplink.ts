import type { Hono } from 'hono';

/**
 * An in-process uplink from a hub to a national app (`app.request`, no port) that a test can cut,
 * or make lose the answer after the national server has handled the request, counting the bytes
 * that cross it. The child-process variant goes through `fault-proxy.ts`.
 */
export interface TestUplink {
  fetch: typeof fetch;
  /** 'up'; 'down' (connection refused); 'lose-answer' (delivered, then the answer is lost once). */
  mode: 'up' | 'down' | 'lose-answer';
  requests: string[];
  bytesUp: number;
}

/** Requests to `baseUrl` go to `app`; anything else is refused as an unreachable host would be. */
export function testUplink(app: Pick<Hono, 'request'>, baseUrl: string): TestUplink {
  const uplink: TestUplink = {
    mode: 'up',
    requests: [],
    bytesUp: 0,
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input);
      if (uplink.mode === 'down' || !url.startsWith(baseUrl)) throw new TypeError('fetch failed (uplink down)');
      uplink.requests.push(`${init?.method ?? 'GET'} ${url.slice(baseUrl.length)}`);
      const body = init?.body;
      if (body instanceof Uint8Array) uplink.bytesUp += body.byteLength;
      // The signal (a 60 s timeout) is for real links; app.request needs none.
      const { signal: _signal, ...rest } = init ?? {};
      const res = await app.request(url.slice(baseUrl.length), rest);
      if (uplink.mode === 'lose-answer') {
        uplink.mode = 'up';
        await res.arrayBuffer();
        throw new TypeError('fetch failed (answer lost)');
      }
      return res;
    }) as typeof fetch,
  };
  return uplink;
}
