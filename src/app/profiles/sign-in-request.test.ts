import { afterEach, describe, expect, it, vi } from 'vitest';
import { signInRequest } from './sign-in-request';

const HUB = 'http://192.168.1.10:8080';
const DEVICE = '8d0f7c1e-8b5c-4c59-9a34-0d6b1f0e3a11';
const session = {
  token: 't',
  expiresAt: '2027-03-01T00:00:00.000Z',
  account: { id: 'a', username: 'ani', name: 'Ani', role: 'learner', desaCode: '34.02.01.2001' },
};
const ok = () => new Response(JSON.stringify(session), { status: 200 });
const error = (status: number, code: string) =>
  new Response(JSON.stringify({ error: { code, message: code } }), { status });

/** Answers per URL; an URL not listed is out of reach (fetch throws). */
function network(answers: Record<string, () => Response>) {
  const calls: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    calls.push(url);
    const answer = answers[url];
    if (!answer) throw new TypeError('Failed to fetch');
    return answer();
  });
  return calls;
}

describe('signInRequest', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('with a hub that answers, an enrolment code goes to the hub and not upstream', async () => {
    const calls = network({ [`${HUB}/api/auth/enrol`]: ok });
    const res = await signInRequest({ mode: 'code', code: 'ABCDE-12345' }, DEVICE, HUB);
    expect(res.ok).toBe(true);
    expect(calls).toEqual([`${HUB}/api/auth/enrol`]);
  });

  it('the device key made for a sign-in at the office goes with the code to the hub only', async () => {
    const bodies: Array<{ url: string; body: Record<string, unknown> }> = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      bodies.push({ url, body: JSON.parse(String(init.body)) as Record<string, unknown> });
      return url.startsWith(HUB) ? error(401, 'invalid_code') : ok();
    });
    const res = await signInRequest({ mode: 'code', code: 'ABCDE-12345' }, DEVICE, HUB, 'SPKI-BASE64');
    expect(res.ok).toBe(true);
    expect(bodies).toEqual([
      { url: `${HUB}/api/auth/enrol`, body: { code: 'ABCDE-12345', deviceId: DEVICE, publicKey: 'SPKI-BASE64' } },
      { url: '/api/auth/enrol', body: { code: 'ABCDE-12345', deviceId: DEVICE } },
    ]);
  });

  it('a code the hub does not know yet is tried on the national server', async () => {
    const calls = network({ [`${HUB}/api/auth/enrol`]: () => error(401, 'invalid_code'), '/api/auth/enrol': ok });
    expect((await signInRequest({ mode: 'code', code: 'ABCDE-12345' }, DEVICE, HUB)).ok).toBe(true);
    expect(calls).toEqual([`${HUB}/api/auth/enrol`, '/api/auth/enrol']);
  });

  it('the hub’s answer stands when the national server is out of reach, and a used code is not tried again', async () => {
    network({ [`${HUB}/api/auth/enrol`]: () => error(401, 'invalid_code') });
    expect(await signInRequest({ mode: 'code', code: 'ABCDE-12345' }, DEVICE, HUB)).toMatchObject({
      ok: false,
      code: 'invalid_code',
    });
    const calls = network({ [`${HUB}/api/auth/enrol`]: () => error(409, 'code_used'), '/api/auth/enrol': ok });
    expect(await signInRequest({ mode: 'code', code: 'ABCDE-12345' }, DEVICE, HUB)).toMatchObject({
      code: 'code_used',
    });
    expect(calls).toEqual([`${HUB}/api/auth/enrol`]);
  });

  it('a password goes to the national server only; out of reach at the office, the learner is sent to a code', async () => {
    const calls = network({});
    const res = await signInRequest({ mode: 'password', username: 'ani', password: 'secret-pass' }, DEVICE, HUB);
    expect(res).toMatchObject({ ok: false, code: 'hub_no_password_signin' });
    expect(calls).toEqual(['/api/auth/login']);
    network({});
    expect(await signInRequest({ mode: 'password', username: 'ani', password: 'x' }, DEVICE, null)).toMatchObject({
      code: 'offline',
    });
  });
});
