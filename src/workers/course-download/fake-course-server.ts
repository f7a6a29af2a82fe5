import type { SignedManifest } from '../../shared/course/signed-manifest';
import { parseRange } from '../../shared/course/parse-range';

/**
 * A stand-in for the Lentera server's course endpoints inside unit tests (the real routes are
 * tested on both stores in src/server/routes/course-routes.test.ts). Faults can be injected.
 */
export class FakeCourseServer {
  envelopes = new Map<string, SignedManifest>();
  files = new Map<string, Uint8Array<ArrayBuffer>>();
  withdrawn = new Set<string>();
  /** Bytes of file bodies actually delivered, per hash. */
  delivered = new Map<string, number>();
  /** Cut the connection when the total delivered reaches each of these byte counts (a dropped signal). */
  cutAt: number[] = [];
  /** Flip a bit at these byte offsets of a file the next time a response carries them (damage in transit), by hash. */
  corruptOnce = new Map<string, number[]>();
  /** Every file request's first byte, in order, as `hash@start`. */
  requests: string[] = [];

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const url = new URL(typeof input === 'string' ? input : input.toString(), 'http://lentera.test');
    const manifest = /^\/api\/courses\/([^/]+)\/versions\/([^/]+)$/.exec(url.pathname);
    if (manifest) {
      const id = decodeURIComponent(manifest[1]!);
      if (this.withdrawn.has(id)) return Response.json({ error: { code: 'course_withdrawn' } }, { status: 410 });
      const envelope = this.envelopes.get(id);
      return envelope ? Response.json(envelope) : new Response(null, { status: 404 });
    }
    const file = /^\/api\/course-files\/([0-9a-f]{64})$/.exec(url.pathname);
    const bytes = file ? this.files.get(file[1]!) : undefined;
    if (!file || !bytes) return new Response(null, { status: 404 });
    const range = parseRange(new Headers(init?.headers).get('range') ?? undefined, bytes.length);
    if (range.kind === 'unsatisfiable') return new Response(null, { status: 416 });
    const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, bytes.length - 1];
    const body = bytes.slice(start, end + 1);
    this.requests.push(`${file[1]}@${start}`);
    const damage = this.corruptOnce.get(file[1]!) ?? [];
    for (const at of damage.filter((at) => at >= start && at <= end)) {
      body[at - start] = body[at - start]! ^ 1;
      damage.splice(damage.indexOf(at), 1);
    }
    const cut = this.cutAt[0];
    if (cut !== undefined && this.totalDelivered() + body.length > cut) {
      this.cutAt.shift();
      // The bytes before the cut did cross the link, then the body failed: they are counted, lost.
      this.count(file[1]!, Math.max(0, cut - this.totalDelivered()));
      throw new TypeError('network connection lost');
    }
    this.count(file[1]!, body.length);
    const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream' };
    if (range.kind === 'partial') headers['Content-Range'] = `bytes ${start}-${end}/${bytes.length}`;
    return new Response(body, { status: range.kind === 'partial' ? 206 : 200, headers });
  };

  private count(hash: string, n: number) {
    this.delivered.set(hash, (this.delivered.get(hash) ?? 0) + n);
  }

  totalDelivered(): number {
    return [...this.delivered.values()].reduce((a, b) => a + b, 0);
  }
}
