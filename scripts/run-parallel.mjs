// Runs npm scripts at the same time and fails if any of them fails: `npm test` type-checks and lints
// while the tests run, instead of before them (on two cores the tests mostly wait on sockets and
// child processes, so the checks fit in beside them). Each script's lines are prefixed with its name;
// a summary with every script's time and exit code closes the run, after the list of failed tests:
// a CI log is often read from its tail only, and Vitest's own tail details just the last failure.
// Usage: node scripts/run-parallel.mjs typecheck lint test:unit-server test:e2e
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const names = process.argv.slice(2);
if (names.length === 0) {
  console.error('usage: node scripts/run-parallel.mjs <npm script>...');
  process.exit(2);
}
const width = Math.max(...names.map((n) => n.length));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// Vitest's marks of a failed test ("×") and of a failed file or test heading its error ("FAIL").
const FAILED = /^\s*(×|FAIL)\s/;
const failed = [];

const runs = names.map(
  (name) =>
    new Promise((resolve) => {
      const began = Date.now();
      const child = spawn(npm, ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'] });
      const prefix = `[${name.padEnd(width)}] `;
      for (const stream of [child.stdout, child.stderr]) {
        createInterface({ input: stream }).on('line', (line) => {
          process.stdout.write(prefix + line + '\n');
          // eslint-disable-next-line no-control-regex -- the colours of a child's output
          const plain = line.replace(/\x1b\[[0-9;]*m/g, '');
          if (FAILED.test(plain) && !failed.includes(plain.trim())) failed.push(plain.trim());
        });
      }
      child.on('close', (code, signal) =>
        resolve({ name, code: code ?? signal, seconds: (Date.now() - began) / 1000 }),
      );
    }),
);

const results = await Promise.all(runs);
console.log('');
if (failed.length > 0) {
  console.log(`failed (${failed.length}):`);
  for (const line of failed.slice(0, 40)) console.log(`  ${line.length > 220 ? line.slice(0, 219) + '…' : line}`);
  console.log('');
}
for (const r of results) {
  console.log(`${r.code === 0 ? 'ok  ' : 'FAIL'} ${r.name.padEnd(width)}  ${r.seconds.toFixed(0)} s  (exit ${r.code})`);
}
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
