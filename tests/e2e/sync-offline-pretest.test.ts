import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/server/store/open-store';
import {
  downloadPretestCourse,
  finishPretest,
  outboxOf,
  pretestAttempt,
  signInWithPin,
  storedCopies,
} from './fixtures/pretest-journey';
import { chromiumAvailable, goOffline, goOnline, useServerAndBrowser } from './harness';

// Reliability scenario 11 (docs/reliability.md): study offline, answer the pre-test, restore the
// signal with two tabs open (and the service worker's Background Sync) → graded on the server, the
// grade appears on the phone, and the server holds exactly one copy of everything.

describe.skipIf(!chromiumAvailable())(
  'sync: an offline pre-test reaches the server once and its grade comes back',
  () => {
    const session = useServerAndBrowser();

    it('offline pre-test → signal back with two tabs open → graded, shown on the phone, one copy on the server', async () => {
      const { server } = session;
      const { page, context } = session.browser;
      await signInWithPin(page, server.url, 'siti');
      await downloadPretestCourse(page, server.url);

      await goOffline(context);
      const { total, resultUrl } = await finishPretest(page, server.url);
      const queued = await outboxOf(page);
      expect(queued.filter((r) => r.state === 'pending').length).toBe(total + 1);

      // A second tab is open when the signal returns: both tabs and the service worker may try to sync.
      const second = await context.newPage();
      await second.goto(server.url);
      await goOnline(context);

      await expect.poll(async () => (await pretestAttempt(page))?.gradeStatus, { timeout: 60_000 }).toBe('graded');
      const attempt = (await pretestAttempt(page))!;
      expect(typeof attempt.score).toBe('number');
      await page.goto(resultUrl);
      await expect.poll(() => page.getByTestId('result-status').textContent()).not.toContain('Menunggu penilaian');
      const shown = new Intl.NumberFormat('id-ID', { style: 'percent', maximumFractionDigits: 1 }).format(
        attempt.score! / 100,
      );
      expect(await page.locator('main').textContent()).toContain(`Nilai ${shown}`);

      const outbox = await outboxOf(page);
      expect(outbox.map((r) => r.state).filter((s) => s !== 'synced')).toEqual([]);
      await second.close();

      await server.stop();
      const store = await openStore({ dataDir: server.dataDir });
      try {
        const stored = await storedCopies(
          store,
          outbox.map((r) => r.id),
        );
        expect(stored.length).toBe(outbox.length);
        expect(stored.every((r) => r.n === 1)).toBe(true);
        const attempts = await store.query<{ n: number; score: string | null }>(
          `SELECT count(*)::int AS n, max(score)::text AS score FROM attempts WHERE id = $1`,
          [attempt.id],
        );
        expect(attempts.rows[0]!.n).toBe(1);
        expect(Number(attempts.rows[0]!.score)).toBe(attempt.score);
      } finally {
        await store.close();
        await server.restart();
      }
    });
  },
);
