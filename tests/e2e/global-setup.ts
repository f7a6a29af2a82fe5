import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { preparePgliteTemplate } from '../server/harness/pglite-template';
import { bundleTestServer } from '../server/harness/server-entry';
import { chromiumAvailable } from './harness/chromium-path';

/** E2E runs against the built app; build it when someone runs this project alone on a fresh clone. */
export default async function setup(project: TestProject): Promise<void> {
  chromiumAvailable();
  await preparePgliteTemplate();
  await bundleTestServer();
  // In watch mode setup runs once: a re-run bundles the server again, so child servers run the code as edited.
  project.onTestsRerun(async () => void (await bundleTestServer()));
  if (!existsSync('dist/index.html')) {
    execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], {
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
  }
}
