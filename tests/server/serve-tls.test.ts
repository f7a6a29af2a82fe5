import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config';
import type { HubStatus } from '../../src/server/hub/hub-protocol';
import { listen } from '../../src/server/http/listen';
import { useTestApp } from './test-app';
import { describeEachStore } from './test-stores';

// A hub behind https (docs/hub.md, "HTTPS"): with LENTERA_TLS_CERT and LENTERA_TLS_KEY the server
// answers TLS only, with the certificate given; a phone that trusts that certificate reads the hub's
// signed status over it. The certificate is a throwaway self-signed one made here with openssl.

/** GET over https trusting only `ca`, or over plain http: status and body, or the error's code. */
function request(url: string, ca?: Buffer): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const onResponse = (res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    };
    const req = url.startsWith('https:') ? httpsGet(url, ca ? { ca } : {}, onResponse) : httpGet(url, onResponse);
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
  });
}

describeEachStore('a hub served over https', (kind) => {
  const t = useTestApp(kind, { hubUpstream: 'https://lentera.example', hubCredential: 'unused-here' });
  let dir: string;
  let cert: Buffer;
  let server: ReturnType<typeof listen>;
  let port: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lentera-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        join(dir, 'hub.key'),
        '-out',
        join(dir, 'hub.crt'),
      ],
      { stdio: 'ignore' },
    );
    cert = readFileSync(join(dir, 'hub.crt'));
    const config = loadConfig({ LENTERA_TLS_CERT: join(dir, 'hub.crt'), LENTERA_TLS_KEY: join(dir, 'hub.key') });
    port = await new Promise<number>((resolve) => {
      server = listen(
        t.app.fetch,
        { port: 0, hostname: '127.0.0.1', tls: config.tls },
        (info: AddressInfo & { url: string }) => {
          expect(info.url).toMatch(/^https:\/\//);
          resolve(info.port);
        },
      );
    });
  });
  afterAll(async () => {
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads LENTERA_TLS_CERT and LENTERA_TLS_KEY only as a pair', () => {
    expect(loadConfig({ LENTERA_TLS_CERT: '/etc/hub.crt', LENTERA_TLS_KEY: '/etc/hub.key' }).tls).toEqual({
      cert: '/etc/hub.crt',
      key: '/etc/hub.key',
    });
    expect(loadConfig({ LENTERA_TLS_CERT: '/etc/hub.crt' }).tls).toBeUndefined();
    expect(loadConfig({}).tls).toBeUndefined();
  });

  it('answers the hub status over TLS with the given certificate', async () => {
    const res = await request(`https://127.0.0.1:${port}/api/hub/status?challenge=a-fresh-challenge-0123`, cert);
    expect(res).toMatchObject({ status: 200 });
    const status = JSON.parse((res as { body: string }).body) as HubStatus;
    expect(status.mode).toBe('hub');
    expect(status.identityKey).toBeTruthy();
    const health = await request(`https://localhost:${port}/healthz`, cert);
    expect(health).toMatchObject({ status: 200 });
  });

  it('is refused by a client that does not trust the certificate, and speaks no plain http', async () => {
    expect(await request(`https://127.0.0.1:${port}/healthz`)).toEqual({ error: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    const plain = await request(`http://127.0.0.1:${port}/healthz`);
    expect('status' in plain && plain.status === 200).toBe(false);
  });
});
