import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressedEntries, compressedFile, fileVersion } from './compressed-file';
import { serveApp } from './serve-app';

describe('compressed app files across processes and redeploys', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lentera-compressed-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** Two copies of one build, made at different moments, as two servers behind a balancer have. */
  async function twoCopies(html: string): Promise<[string, string]> {
    const roots: [string, string] = [await mkdtemp(join(dir, 'a-')), await mkdtemp(join(dir, 'b-'))];
    for (const [i, root] of roots.entries()) {
      await mkdir(root, { recursive: true });
      await writeFile(join(root, 'index.html'), html);
      const when = new Date(Date.now() - (i + 1) * 3_600_000);
      await utimes(join(root, 'index.html'), when, when);
    }
    return roots;
  }

  it('gives the same bytes the same version and ETag on every copy, so any process answers 304', async () => {
    const html = `<!doctype html><title>Lentera</title>${'x'.repeat(2000)}`;
    const [a, b] = await twoCopies(html);
    const va = await fileVersion(join(a, 'index.html'), html.length, 1);
    const vb = await fileVersion(join(b, 'index.html'), html.length, 2);
    expect(va).toBe(vb);
    expect(va).toMatch(/^[0-9a-f]{16}$/);
    const appA = new Hono().use(serveApp(a));
    const appB = new Hono().use(serveApp(b));
    const first = await appA.request('/', { headers: { 'Accept-Encoding': 'br' } });
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    const again = await appB.request('/', { headers: { 'Accept-Encoding': 'br', 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    await writeFile(join(a, 'index.html'), `${html}!`);
    expect(await fileVersion(join(a, 'index.html'), html.length + 1, 4)).not.toBe(va);
  });

  it('serves the new content after a redeploy in place and keeps one body per file and encoding', async () => {
    const path = join(dir, 'app.js');
    await writeFile(path, 'console.log("versi 1");'.repeat(50));
    const v1 = await fileVersion(path, 1, 1);
    expect(brotliDecompressSync(await compressedFile(path, v1, 'br')).toString()).toContain('versi 1');
    const held = compressedEntries();
    await writeFile(path, 'console.log("versi 2");'.repeat(50));
    const v2 = await fileVersion(path, 1, 2);
    expect(v2).not.toBe(v1);
    expect(brotliDecompressSync(await compressedFile(path, v2, 'br')).toString()).toContain('versi 2');
    expect(compressedEntries()).toBe(held);
  });
});
