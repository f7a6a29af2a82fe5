import { createHash } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { publishPackage } from '../../src/cli/course/publish-package';
import { SLICE_BYTES } from '../../src/server/courses/course-file-body';
import type { CreateHubResponse } from '../../src/server/hub/hub-protocol';
import { openStore } from '../../src/server/store/open-store';
import { parseManifestText } from '../../src/shared/course/manifest-signature';
import { startServer, type ServerHandle } from '../e2e/harness/start-server';
import { demoPackage, generatePublisherKey } from './course-fixture';
import { startFaultProxy } from './harness/fault-proxy';
import { serveTestApp } from './harness/serve-test-app';
import { learnerWithToken } from './sync-fixtures';
import { useTestApp } from './test-app';
import { describeEachStore } from './test-stores';

const COURSE = 'perencanaan-pembangunan-desa';

// The national app in this process (on each store) behind a real socket and the fault proxy; the
// hub a real child server on PGlite that the test SIGKILLs with half a video in its store.
describeEachStore('a hub killed halfway through a course file', (kind) => {
  const national = useTestApp(kind);

  it(
    'keeps the whole slices it had across the SIGKILL and, restarted, asks only for the rest',
    { timeout: 420_000 },
    async () => {
      await national.store.query(
        `INSERT INTO regions (code, parent_code, level, name) VALUES ('34.02.01', '34.02', 3, 'Srandakan')
         ON CONFLICT DO NOTHING`,
      );
      const admin = await learnerWithToken(national.store, 'admin-mirror-kill', 'admin');
      const learner = await learnerWithToken(national.store, 'siti-mirror-kill');
      const issued = (await (
        await national.call('POST', '/api/hubs', {
          token: admin.token,
          json: { kecamatanCode: '34.02.01', name: 'Kantor Kecamatan Srandakan' },
        })
      ).json()) as CreateHubResponse;
      const pkg = await demoPackage(await generatePublisherKey(), {
        edit: async (dir) => {
          const mp4 = join(dir, 'media/video-perencanaan-desa.mp4');
          await appendFile(mp4, Buffer.alloc(4 * SLICE_BYTES + 12_345 - (await readFile(mp4)).length, 7));
        },
      });
      const viaApp = ((url: URL | string, init?: RequestInit) =>
        national.app.request(url.toString(), init)) as typeof fetch;
      await publishPackage(pkg, { server: 'http://lentera.test', token: admin.token, fetch: viaApp });
      const video = parseManifestText(pkg.envelope.manifest).files.find((f) => f.type === 'video/mp4')!;
      const videoPath = `/api/hub/course-files/${video.hash}`;

      const served = await serveTestApp(national.app);
      let cut = false;
      const proxy = await startFaultProxy(served.url, (_n, path) => {
        if (path !== videoPath || cut) return { kind: 'pass' };
        cut = true;
        return { kind: 'cut-response', afterBytes: Math.floor(video.size * 0.6) };
      });
      let hub: ServerHandle | undefined;
      try {
        hub = await startServer({
          env: {
            LENTERA_HUB_UPSTREAM: proxy.url,
            LENTERA_HUB_CREDENTIAL: issued.credential,
            LENTERA_HUB_MAX_BACKOFF_MS: '2000',
            LENTERA_LOG: 'info',
          },
        });
        const started = hub;
        await vi.waitFor(() => expect(started.output()).toMatch(/hub course file interrupted, resumable/), {
          timeout: 240_000,
          interval: 200,
        });
        await started.kill();
        // What the killed hub left in its own store: whole slices of the video, no course file yet.
        const left = await openStore({ dataDir: started.dataDir });
        let kept: number;
        try {
          const { rows } = await left.query<{ received: string }>(
            `SELECT received FROM hub_file_fetches WHERE hash = $1`,
            [video.hash],
          );
          kept = Number(rows[0]!.received);
          const held = await left.query(`SELECT 1 FROM course_files WHERE hash = $1`, [video.hash]);
          expect(held.rows).toHaveLength(0);
        } finally {
          await left.close();
        }
        expect(kept).toBe(Math.floor((video.size * 0.6) / SLICE_BYTES) * SLICE_BYTES);

        await started.restart();
        const asPhone = { headers: { Authorization: `Bearer ${learner.token}` } };
        await vi.waitFor(
          async () => {
            const catalog = (await (await fetch(`${started.url}/api/courses`, asPhone)).json()) as Array<{
              id: string;
            }>;
            expect(catalog.map((c) => c.id)).toContain(COURSE);
          },
          { timeout: 240_000, interval: 500 },
        );
        const asks = proxy.log.filter((l) => l.path === videoPath);
        expect(asks.map((l) => [l.fault, l.range])).toEqual([
          ['cut-response', undefined],
          ['pass', `bytes=${kept}-`],
        ]);
        const crossed = asks.reduce((sum, l) => sum + (l.down ?? 0), 0);
        expect(crossed).toBeLessThanOrEqual(video.size + SLICE_BYTES);
        const file = await fetch(`${started.url}/api/course-files/${video.hash}`, asPhone);
        expect(file.status).toBe(200);
        expect(
          createHash('sha256')
            .update(new Uint8Array(await file.arrayBuffer()))
            .digest('hex'),
        ).toBe(video.hash);
      } finally {
        await hub?.stop();
        await proxy.close();
        await served.close();
      }
    },
  );
});
