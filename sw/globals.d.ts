/** The app's version, baked in at build time (vite.config.ts). */
declare const __APP_VERSION__: string;
