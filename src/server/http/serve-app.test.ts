import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it, onTestFinished } from 'vitest';
import { serveApp } from './serve-app';

function appWithFiles() {
  const root = mkdtempSync(join(tmpdir(), 'lentera-static-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'assets'));
  const js = `export const pesan = ${JSON.stringify('Selamat belajar, pamong desa! '.repeat(200))};\n`;
  writeFileSync(join(root, 'assets', 'index-abc.js'), js);
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Lentera</title>');
  writeFileSync(join(root, 'icon.png'), Buffer.from([137, 80, 78, 71, 1, 2, 3]));
  const app = new Hono().use(serveApp(root));
  return { app, js };
}

describe('serveApp', () => {
  it('sends text assets brotli-compressed when accepted, gzip otherwise, identical after decoding', async () => {
    const { app, js } = appWithFiles();
    const br = await app.request('/assets/index-abc.js', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    expect(br.headers.get('cache-control')).toContain('immutable');
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(Number(br.headers.get('content-length'))).toBe(brBytes.length);
    expect(brBytes.length).toBeLessThan(js.length / 10);
    expect(brotliDecompressSync(brBytes).toString()).toBe(js);

    const gz = await app.request('/assets/index-abc.js', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(js);
    expect(gz.headers.get('etag')).not.toBe(br.headers.get('etag'));
  });

  it('sends plain bytes without Accept-Encoding, and never recompresses images', async () => {
    const { app, js } = appWithFiles();
    const plain = await app.request('/assets/index-abc.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(js);
    const png = await app.request('/icon.png', { headers: { 'Accept-Encoding': 'br' } });
    expect(png.headers.get('content-encoding')).toBeNull();
  });

  it('answers 304 to a matching If-None-Match for the same encoding', async () => {
    const { app } = appWithFiles();
    const first = await app.request('/', { headers: { 'Accept-Encoding': 'br' } });
    const again = await app.request('/', {
      headers: { 'Accept-Encoding': 'br', 'If-None-Match': first.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
  });

  it('serves index.html for client routes but 404s a missing file with an extension', async () => {
    const { app } = appWithFiles();
    expect(await (await app.request('/kursus/abc')).text()).toContain('<title>Lentera</title>');
    expect((await app.request('/assets/missing.js')).status).toBe(404);
    // Region codes have dots: a deep link to a kabupaten's report is a client route, not a missing file.
    for (const path of ['/pantau/34.02', '/pantau/34.02.01.2001', '/operator/peserta/34.02.01']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
    }
  });

  it('passes malformed percent-encoding on as not found instead of throwing "URI malformed"', async () => {
    const { app } = appWithFiles();
    for (const path of ['/%', '/%E0%A4%A', '/assets/%zz.js']) expect((await app.request(path)).status).toBe(404);
  });
});
