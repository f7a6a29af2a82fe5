import * as v from 'valibot';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiFetch } from './api-fetch';

const Schema = v.object({ name: v.string(), count: v.number() });

const answer = (body: BodyInit | null, init: ResponseInit = {}) =>
  vi.stubGlobal('fetch', async () => new Response(body, init));

describe('apiFetch', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('hands back an answer that fits the route’s schema, with the token sent', async () => {
    const seen: Headers[] = [];
    vi.stubGlobal('fetch', async (_path: string, init: RequestInit) => {
      seen.push(new Headers(init.headers));
      return Response.json({ name: 'a', count: 2, extra: true });
    });
    expect(await apiFetch('/api/x', Schema, { token: 't' })).toEqual({ ok: true, data: { name: 'a', count: 2 } });
    expect(seen[0]!.get('authorization')).toBe('Bearer t');
  });

  it('turns an answer that does not fit (a captive portal, another server version) into bad_response', async () => {
    answer(JSON.stringify({ name: 'a', count: 'two' }), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
    expect(await apiFetch('/api/x', Schema)).toMatchObject({ ok: false, status: 200, code: 'bad_response' });
    answer('<html>Login to the Wi-Fi</html>', { status: 200 });
    expect(await apiFetch('/api/x', Schema)).toMatchObject({ ok: false, status: 200, code: 'bad_response' });
  });

  it('keeps the server’s error code, and never throws: no signal is offline, a body without a code unknown', async () => {
    answer(JSON.stringify({ error: { code: 'outside_region', message: 'no' } }), { status: 403 });
    expect(await apiFetch('/api/x', Schema)).toEqual({ ok: false, status: 403, code: 'outside_region', message: 'no' });
    answer(JSON.stringify({}), { status: 502, statusText: 'Bad Gateway' });
    expect(await apiFetch('/api/x', Schema)).toMatchObject({ ok: false, status: 502, code: 'unknown' });
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await apiFetch('/api/x', Schema)).toMatchObject({ ok: false, status: 0, code: 'offline' });
  });
});
