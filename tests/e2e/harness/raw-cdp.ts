import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import WebSocket from 'ws';

export interface RawCdp {
  send: (method: string, params?: object, sessionId?: string) => Promise<Record<string, unknown>>;
  targets: (type?: string) => Promise<Array<{ targetId: string; type: string; url: string }>>;
  attach: (targetId: string) => Promise<string>;
  keepAlive: () => void;
  close: () => void;
}

const open = new Set<WebSocket>();

/**
 * A browser-level CDP connection over the DevTools port (Playwright's own sessions cannot attach
 * to a service worker target). Chromium writes the port to `DevToolsActivePort` in the profile.
 */
export async function connectCdp(profileDir: string): Promise<RawCdp> {
  const [port, path] = (await readFile(join(profileDir, 'DevToolsActivePort'), 'utf8')).trim().split('\n');
  const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as {
      id?: number;
      result?: Record<string, unknown>;
      error?: { message: string };
    };
    if (msg.id === undefined) return;
    const waiter = pending.get(msg.id);
    pending.delete(msg.id);
    if (msg.error) waiter?.reject(new Error(msg.error.message));
    else waiter?.resolve(msg.result ?? {});
  });
  const send: RawCdp['send'] = (method, params = {}, sessionId) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  return {
    send,
    async targets(type) {
      const { targetInfos } = (await send('Target.getTargets')) as {
        targetInfos: Array<{ targetId: string; type: string; url: string }>;
      };
      return type ? targetInfos.filter((t) => t.type === type) : targetInfos;
    },
    async attach(targetId) {
      const { sessionId } = (await send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
      return sessionId;
    },
    keepAlive: () => void open.add(ws),
    close: () => ws.close(),
  };
}

/** Closes every CDP socket kept alive by `throttleNetwork`. */
export function closeAllCdp(): void {
  for (const ws of open) ws.close();
  open.clear();
}
