/**
 * JSON with object keys sorted, so two copies of one item compare equal whatever the key order
 * (jsonb reorders keys): this is how `duplicate` is told from `conflict`. Every pushed item goes
 * through it (twice for a replay), so it is written for speed; the text must stay exactly what it
 * always was, or items stored earlier would no longer match their replays (canonical-json.test.ts
 * checks it against the first plain-loop version and pins stored hashes).
 */
export function canonicalJson(value: unknown): string {
  return typeof value === 'object' && value !== null ? canonicalObject(value) : primitive(value);
}

function canonicalObject(value: object): string {
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const e: unknown = value[i];
      // `?? ''`: an undefined element joins as empty, as Array.prototype.join did in the first version.
      out += (i ? ',' : '') + ((typeof e === 'object' && e !== null ? canonicalObject(e) : primitive(e)) ?? '');
    }
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  const { sorted, quoted } = shapeOf(Object.keys(obj));
  let out = '{';
  let first = true;
  for (let i = 0; i < sorted.length; i++) {
    const v = obj[sorted[i]!];
    if (v === undefined) continue;
    // A function or symbol value concatenates as "undefined", as it always did (never from JSON).
    out += (first ? '' : ',') + quoted[i]! + (typeof v === 'object' && v !== null ? canonicalObject(v) : primitive(v));
    first = false;
  }
  return out + '}';
}

/** Characters JSON.stringify escapes (quote, backslash, controls) or may (any surrogate: lone ones become \u escapes). */
// eslint-disable-next-line no-control-regex -- control characters are what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * `JSON.stringify` of a non-object, without its call for the common cases: a string with nothing
 * to escape is itself in quotes, a finite number is its `String` (what JSON.stringify prints, -0 as 0).
 */
function primitive(value: unknown): string {
  if (typeof value === 'string') return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : '"' + value + '"';
  if (typeof value === 'number') return Number.isFinite(value) ? '' + value : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // null, undefined, functions, symbols (undefined comes back, as before), bigint (throws, as before).
  return JSON.stringify(value) as string;
}

/** An object's own keys in the order Object.keys gives them, sorted, and each sorted key as `"key":`. */
interface Shape {
  keys: readonly string[];
  sorted: readonly string[];
  quoted: readonly string[];
}

/**
 * The items of a batch share a handful of shapes (an answer, its value, an attempt): the sorted
 * keys of a shape are found again by comparing key lists instead of sorting and quoting the keys
 * of every object. Few shapes are kept, so a batch of odd objects only costs the sort it always did.
 */
const shapes: Shape[] = [];
const MAX_SHAPES = 16;

function shapeOf(keys: string[]): Shape {
  search: for (let s = 0; s < shapes.length; s++) {
    const shape = shapes[s]!;
    const known = shape.keys;
    if (known.length !== keys.length) continue;
    for (let i = 0; i < keys.length; i++) if (known[i] !== keys[i]) continue search;
    return shape;
  }
  const sorted = [...keys].sort();
  const shape: Shape = { keys, sorted, quoted: sorted.map((k) => JSON.stringify(k) + ':') };
  // Long key lists (a matching answer's pairs) are not kept: they rarely repeat and would slow every search.
  if (keys.length <= 32) {
    if (shapes.length >= MAX_SHAPES) shapes.pop();
    shapes.unshift(shape);
  }
  return shape;
}
