// Hybrid logical clock: orders edits across devices even when a phone's clock is a year off.
// A timestamp is `wallMs:counter:deviceId`; compare with `compareHlc`, never by wall time alone.

export interface Hlc {
  wallMs: number;
  counter: number;
  deviceId: string;
}

/** Encodes an HLC so that it can be stored and sent as a string. */
export function formatHlc(h: Hlc): string {
  return `${h.wallMs.toString().padStart(15, '0')}:${h.counter.toString().padStart(6, '0')}:${h.deviceId}`;
}

/** Decodes `formatHlc`'s output; throws on a malformed value. */
export function parseHlc(text: string): Hlc {
  const [wall, counter, ...device] = text.split(':');
  const h = { wallMs: Number(wall), counter: Number(counter), deviceId: device.join(':') };
  if (!Number.isFinite(h.wallMs) || !Number.isFinite(h.counter) || !h.deviceId) throw new Error(`bad HLC: ${text}`);
  return h;
}

/** Orders two HLCs: wall time, then counter, then device id as the tiebreak. */
export function compareHlc(a: string, b: string): number {
  const x = parseHlc(a);
  const y = parseHlc(b);
  return (
    x.wallMs - y.wallMs || x.counter - y.counter || (x.deviceId < y.deviceId ? -1 : x.deviceId > y.deviceId ? 1 : 0)
  );
}

/**
 * The next HLC for a local edit, given the last one this device issued or saw (`last`) and now.
 * @example tickHlc(undefined, Date.now(), deviceId)
 */
export function tickHlc(last: string | undefined, nowMs: number, deviceId: string): string {
  const prev = last ? parseHlc(last) : { wallMs: 0, counter: 0, deviceId };
  if (nowMs > prev.wallMs) return formatHlc({ wallMs: nowMs, counter: 0, deviceId });
  return formatHlc({ wallMs: prev.wallMs, counter: prev.counter + 1, deviceId });
}

/** Advances the local clock past a remote HLC, so later local edits order after what was seen. */
export function receiveHlc(last: string | undefined, remote: string, nowMs: number, deviceId: string): string {
  const r = parseHlc(remote);
  const l = last ? parseHlc(last) : { wallMs: 0, counter: 0, deviceId };
  const wall = Math.max(nowMs, r.wallMs, l.wallMs);
  const counter =
    wall === r.wallMs && wall === l.wallMs
      ? Math.max(r.counter, l.counter) + 1
      : wall === r.wallMs
        ? r.counter + 1
        : wall === l.wallMs
          ? l.counter + 1
          : 0;
  return formatHlc({ wallMs: wall, counter, deviceId });
}
