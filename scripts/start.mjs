// `npm start`: build the PWA if it is missing or older than its sources, then run the server in
// this same Node process (tsx compiles the TypeScript on the fly), serving app and API on one port.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { register } from 'tsx/esm/api';

const APP_SOURCES = [
  'index.html',
  'vite.config.ts',
  'package.json',
  'src/app',
  'src/db',
  'src/shared',
  'src/sync',
  'src/workers',
  'sw',
  'public',
];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

const built = existsSync('dist/index.html') ? statSync('dist/index.html').mtimeMs : 0;
if (
  process.env.LENTERA_SKIP_BUILD !== '1' &&
  newestMtime('.') !== 0 &&
  Math.max(...APP_SOURCES.map(newestMtime)) > built
) {
  console.log('Building the app (vite build)…');
  // NODE_ENV=production whatever the caller set (a test runner sets "test"): Vite would otherwise
  // build a development bundle, without the service worker registration.
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

register();
await import('../src/server/main.ts');
