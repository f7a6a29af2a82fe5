import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, type BrowserHandle } from './launch-browser';
import { closeAllCdp } from './raw-cdp';
import { startServer, type ServerHandle, type StartServerOptions } from './start-server';

export interface Session {
  server: ServerHandle;
  /** Replace it after a kill: `session.browser = await launchBrowser(session.browser.profileDir)`. */
  browser: BrowserHandle;
}

/**
 * A real server and a fresh Chromium profile for the enclosing `describe`, started before its
 * tests and stopped after them (whatever browser the tests relaunched in between).
 * @example const session = useServerAndBrowser(); … await session.browser.page.goto(session.server.url);
 */
export function useServerAndBrowser(options: StartServerOptions = {}): Session {
  const session = {} as Session;
  beforeAll(async () => {
    session.server = await startServer(options);
    session.browser = await launchBrowser();
  });
  afterAll(async () => {
    closeAllCdp();
    await session.browser?.close();
    await session.server?.stop();
  });
  return session;
}
