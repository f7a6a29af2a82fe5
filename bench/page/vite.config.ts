// Builds the bench page (bench/page/main.ts) into the folder given by BENCH_OUT; no service worker.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  define: { __APP_VERSION__: JSON.stringify('bench') },
  logLevel: 'warn',
  build: { outDir: process.env.BENCH_OUT, emptyOutDir: true, target: 'es2020', reportCompressedSize: false },
});
