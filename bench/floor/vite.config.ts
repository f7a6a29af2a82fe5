// Builds the framework floor (bench/floor) into BENCH_OUT with the same Workbox injectManifest setup as the app.
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  root: import.meta.dirname,
  logLevel: 'warn',
  plugins: [
    preact(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: '.',
      filename: 'sw.js',
      injectRegister: false,
      manifest: false,
      injectManifest: { rollupFormat: 'iife', globPatterns: ['**/*.{js,css,html}'] },
    }),
  ],
  build: { outDir: process.env.BENCH_OUT, emptyOutDir: true, target: 'es2020', reportCompressedSize: false },
});
