import type { ManifestDeltaOp } from '../../shared/course/manifest-delta';

// The edit ops between two manifest texts (applied by `applyManifestDelta` on the phone). The texts
// are JSON, so they are compared token by token — strings, numbers, punctuation — with Myers'
// O((N+M)·D) diff: an update that changes one lesson changes a few tokens (version, publishedAt,
// the lesson's hash and its file entry), so D is tiny however many files the course has.

/** Past this many token edits the delta is no smaller than the manifest; the caller sends it whole. */
const MAX_EDITS = 2000;
const TOKEN = /"(?:[^"\\]|\\.)*"|[^",:{}[\]\s]+|\s+|[\s\S]/g;

/**
 * Ops that turn `oldText` into `newText`, or null when they differ in more than `MAX_EDITS` tokens.
 * @example diffManifestText('{"v":"1.0.0"}', '{"v":"1.1.0"}') // [5, -7, '"1.1.0"', 1]
 */
export function diffManifestText(oldText: string, newText: string, maxEdits = MAX_EDITS): ManifestDeltaOp[] | null {
  const a = oldText.match(TOKEN) ?? [];
  const b = newText.match(TOKEN) ?? [];
  const ids = new Map<string, number>();
  const intern = (tokens: string[]) => {
    // A plain loop: `Int32Array.from` with a map function is several times slower on V8.
    const out = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      let id = ids.get(tokens[i]!);
      if (id === undefined) ids.set(tokens[i]!, (id = ids.size));
      out[i] = id;
    }
    return out;
  };
  const x = intern(a);
  const y = intern(b);
  let prefix = 0;
  while (prefix < x.length && prefix < y.length && x[prefix] === y[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < x.length - prefix &&
    suffix < y.length - prefix &&
    x[x.length - 1 - suffix] === y[y.length - 1 - suffix]
  )
    suffix++;
  const middle = myers(x.subarray(prefix, x.length - suffix), y.subarray(prefix, y.length - suffix), maxEdits);
  if (!middle) return null;
  const edits: Edit[] = [
    ...(prefix > 0 ? [{ kind: 'same' as const, count: prefix }] : []),
    ...middle,
    ...(suffix > 0 ? [{ kind: 'same' as const, count: suffix }] : []),
  ];
  return toOps(edits, a, b);
}

interface Edit {
  kind: 'same' | 'delete' | 'insert';
  count: number;
}

/** Token edits → character ops; a run of deletes and inserts becomes one skip then one insert. */
function toOps(edits: Edit[], a: string[], b: string[]): ManifestDeltaOp[] {
  const ops: ManifestDeltaOp[] = [];
  let i = 0;
  let j = 0;
  let skip = 0;
  let insert = '';
  const flush = () => {
    if (skip > 0) ops.push(-skip);
    if (insert) ops.push(insert);
    skip = 0;
    insert = '';
  };
  const chars = (tokens: string[], from: number, count: number) => {
    let n = 0;
    for (let t = from; t < from + count; t++) n += tokens[t]!.length;
    return n;
  };
  for (const edit of edits) {
    if (edit.kind === 'same') {
      flush();
      const n = chars(a, i, edit.count);
      const last = ops[ops.length - 1];
      if (typeof last === 'number' && last > 0) ops[ops.length - 1] = last + n;
      else if (n > 0) ops.push(n);
      i += edit.count;
      j += edit.count;
    } else if (edit.kind === 'delete') {
      skip += chars(a, i, edit.count);
      i += edit.count;
    } else {
      insert += b.slice(j, j + edit.count).join('');
      j += edit.count;
    }
  }
  flush();
  return ops;
}

/** Myers' greedy diff with the frontier of every step kept for the walk back; null past `maxD`. */
function myers(a: Int32Array, b: Int32Array, maxD: number): Edit[] | null {
  const n = a.length;
  const m = b.length;
  const limit = Math.min(maxD, n + m);
  const offset = limit + 1;
  const frontier = new Int32Array(2 * limit + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= limit; d++) {
    trace.push(frontier.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && frontier[offset + k - 1]! < frontier[offset + k + 1]!)
          ? frontier[offset + k + 1]!
          : frontier[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      frontier[offset + k] = x;
      if (x >= n && y >= m) return walkBack(trace, n, m, d);
    }
  }
  return null;
}

function walkBack(trace: Int32Array[], n: number, m: number, last: number): Edit[] {
  const reversed: Edit[] = [];
  const push = (kind: Edit['kind'], count: number) => {
    if (count === 0) return;
    const top = reversed[reversed.length - 1];
    if (top?.kind === kind) top.count += count;
    else reversed.push({ kind, count });
  };
  let x = n;
  let y = m;
  for (let d = last; d > 0; d--) {
    const v = trace[d]!; // the frontier before step d; index k is at k + d + 1
    const k = x - y;
    const down = k === -d || (k !== d && v[k - 1 + d + 1]! < v[k + 1 + d + 1]!);
    const prevK = down ? k + 1 : k - 1;
    const prevX = v[prevK + d + 1]!;
    const prevY = prevX - prevK;
    push('same', x - (down ? prevX : prevX + 1));
    push(down ? 'insert' : 'delete', 1);
    x = prevX;
    y = prevY;
  }
  push('same', x);
  return reversed.reverse();
}
