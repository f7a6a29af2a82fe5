// A push's items, packed (docs/sync-protocol.md "Packed items"). Most of a batch's bytes after gzip
// were fields that repeat from one item to the next (the learner, the attempt, the course, the quiz,
// a sequence number one higher) and ids gzip cannot shrink. Packing leaves out what the server can
// rebuild exactly, item by item, from the items before it in the same batch; anything else is sent
// as it is. It is lossless by construction: the encoder keeps an entry packed only if decoding it
// gives back exactly the item, so the server hashes, stores and answers the very items of a plain push.

/** The packing this module reads and writes; the server lists it in its push answer (`packings`). */
export const PACKING_DIFF_1 = 'diff/1';

/** Entry key of an item sent as it is (not a plain object, or one with a reserved key). */
const VERBATIM = '=';
/** Entry key of an attempt whose `answerIds` are the `k` successors of its id (see `nextId`). */
const ANSWER_RUN = 'answerRun';
/** The longest `answerIds` an attempt may list (`AttemptItemSchema`). */
const MAX_ANSWER_RUN = 500;
/**
 * Most ids all `answerRun`s of one batch may stand for: a few bytes each must not make a batch of
 * 2,000 entries into a million ids for the server to check. A phone's batch lists each answer once.
 */
const MAX_RUN_IDS = 20_000;

/** Fields copied from the previous item of the same kind when an entry leaves them out. */
const SHARED_FIELDS: Record<string, readonly string[]> = {
  answer: ['learnerId', 'attemptId', 'courseId', 'courseVersion', 'quizId'],
  attempt: ['learnerId', 'courseId', 'courseVersion', 'quizId', 'mode'],
  progress: ['learnerId', 'courseId'],
};

type Item = Record<string, unknown>;

/**
 * The id after `id`: the same UUID with its last four hex digits one higher, or undefined at
 * `ffff` or for anything that is not a lower-case UUID. The phone numbers an attempt's answers
 * this way from the attempt's id (`nextAnswerId`), so a packed answer needs no id of its own.
 * @example nextId('0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f0000') === '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f0001'
 */
export function nextId(id: unknown): string | undefined {
  if (typeof id !== 'string' || !UUID.test(id)) return undefined;
  const last = parseInt(id.slice(32), 16);
  if (last >= 0xffff) return undefined;
  return id.slice(0, 32) + (last + 1).toString(16).padStart(4, '0');
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What decoding has seen so far: the previous item, and the previous one of each kind. */
interface State {
  prev: Item | undefined;
  byKind: Map<string, Item>;
}

/**
 * Packs a batch: one entry per item, in order (per-item results keep their index).
 * @example const packed = packItems(batch.map((r) => r.item));
 */
export function packItems(items: readonly unknown[]): unknown[] {
  const state: State = { prev: undefined, byKind: new Map() };
  // Packed from what JSON carries, as the server reads a plain push: checked against the phone's own
  // objects, an undefined item went as `{}` (decoded as an item made up from the one before it) and a
  // value with toJSON (a Date) compared equal to any other. The copy costs ~4 ms for 2,000 items.
  const plain = JSON.parse(JSON.stringify(items)) as unknown[];
  const runIds = { left: MAX_RUN_IDS };
  return plain.map((item) => {
    const entry =
      isPlainObject(item) && !(VERBATIM in item) && !(ANSWER_RUN in item) ? packOne(state, item, runIds) : undefined;
    // Verified against the decoder itself: whatever it would not give back exactly goes as it is.
    const packed = entry !== undefined && sameJson(decodeOne(state, entry), item) ? entry : { [VERBATIM]: item };
    if (typeof packed[ANSWER_RUN] === 'number') runIds.left -= packed[ANSWER_RUN];
    remember(state, item);
    return packed;
  });
}

/**
 * The items of a packed batch, or where and why it cannot be read. Never throws: an entry the
 * rules cannot complete is left incomplete, and the server refuses that item on its own.
 * @example const r = unpackItems(body.packed); if ('error' in r) return apiError(c, 400, 'invalid_request', r.error);
 */
export function unpackItems(packed: readonly unknown[]): { items: unknown[] } | { error: string; index: number } {
  const state: State = { prev: undefined, byKind: new Map() };
  const items: unknown[] = [];
  let runIds = 0;
  for (let index = 0; index < packed.length; index++) {
    const entry = packed[index];
    if (!isPlainObject(entry)) return { error: 'a packed entry is not an object', index };
    let item: unknown;
    if (VERBATIM in entry) {
      if (Object.keys(entry).length !== 1) return { error: `an entry with "${VERBATIM}" has other fields`, index };
      item = entry[VERBATIM];
    } else {
      const run = entry[ANSWER_RUN];
      if (run !== undefined && !(Number.isInteger(run) && (run as number) >= 0 && (run as number) <= MAX_ANSWER_RUN))
        return { error: `"${ANSWER_RUN}" is not a whole number from 0 to ${MAX_ANSWER_RUN}`, index };
      if (run !== undefined && 'answerIds' in entry) return { error: `"${ANSWER_RUN}" beside "answerIds"`, index };
      runIds += typeof run === 'number' ? run : 0;
      if (runIds > MAX_RUN_IDS)
        return { error: `the batch's "${ANSWER_RUN}"s stand for more than ${MAX_RUN_IDS} ids`, index };
      item = decodeOne(state, entry);
      if (run !== undefined && (item as Item).answerIds === undefined)
        return { error: `"${ANSWER_RUN}" on an item that is not an attempt with ids to follow its own`, index };
    }
    remember(state, item);
    items.push(item);
  }
  return { items };
}

/** The entry for one item: the item without every field the decoder would rebuild as it is. */
function packOne(state: State, item: Item, runIds: { left: number }): Item {
  // `item` is what JSON carries (packItems copies the batch through it first): no undefined values.
  const entry: Item = { ...item };
  const { prev } = state;
  if (prev !== undefined && typeof item.kind === 'string' && storable(item.kind) && prev.kind === item.kind)
    delete entry.kind;
  const base = typeof item.kind === 'string' ? state.byKind.get(item.kind) : undefined;
  for (const field of sharedFields(item.kind)) {
    if (base !== undefined && storable(item[field]) && base[field] === item[field]) delete entry[field];
  }
  if (seqAfter(prev) !== undefined && entry.seq === seqAfter(prev)) delete entry.seq;
  if (item.kind === 'answer' && entry.id !== undefined && entry.id === answerIdAfter(prev, item)) delete entry.id;
  if (item.kind === 'attempt') {
    if (storable(entry.attemptId) && entry.attemptId === entry.id) delete entry.attemptId;
    const run = Array.isArray(item.answerIds) ? item.answerIds.length : -1;
    // Within the batch's run cap, or the server would refuse the whole batch (`unpackItems`).
    if (run >= 0 && run <= MAX_ANSWER_RUN && run <= runIds.left && sameJson(idRun(item.id, run), item.answerIds)) {
      delete entry.answerIds;
      entry[ANSWER_RUN] = run;
    }
  }
  return entry;
}

/** The item an entry stands for, given what came before it (`packOne` in reverse). */
function decodeOne(state: State, entry: Item): Item {
  const item: Item = { ...entry };
  delete item[ANSWER_RUN];
  const { prev } = state;
  if (!('kind' in entry) && typeof prev?.kind === 'string') item.kind = prev.kind;
  const base = typeof item.kind === 'string' ? state.byKind.get(item.kind) : undefined;
  for (const field of sharedFields(item.kind)) {
    if (!(field in entry) && base !== undefined && field in base) item[field] = base[field];
  }
  const seq = seqAfter(prev);
  if (!('seq' in entry) && seq !== undefined) item.seq = seq;
  if (item.kind === 'answer' && !('id' in entry)) {
    const id = answerIdAfter(prev, item);
    if (id !== undefined) item.id = id;
  }
  if (item.kind === 'attempt') {
    if (!('attemptId' in entry) && item.id !== undefined) item.attemptId = item.id;
    const run = entry[ANSWER_RUN];
    if (typeof run === 'number') {
      const ids = idRun(item.id, run);
      if (ids !== undefined) item.answerIds = ids;
    }
  }
  return item;
}

/** An answer's id as the phone numbers it: after the previous answer of its attempt, or after the attempt's id. */
function answerIdAfter(prev: Item | undefined, item: Item): string | undefined {
  const sameAttempt = prev?.kind === 'answer' && prev.attemptId === item.attemptId;
  return nextId(sameAttempt ? prev.id : item.attemptId);
}

/** The sequence number after the previous item's, when it has a whole one. */
function seqAfter(prev: Item | undefined): number | undefined {
  const seq = prev?.seq;
  return typeof seq === 'number' && Number.isSafeInteger(seq) && Number.isSafeInteger(seq + 1) ? seq + 1 : undefined;
}

/** The `count` ids after `id`, or undefined when they run out. */
function idRun(id: unknown, count: number): string[] | undefined {
  const ids: string[] = [];
  let at: unknown = id;
  for (let i = 0; i < count; i++) {
    const next = nextId(at);
    if (next === undefined) return undefined;
    ids.push(next);
    at = next;
  }
  return ids;
}

function remember(state: State, item: unknown): void {
  state.prev = isPlainObject(item) ? item : undefined;
  if (state.prev !== undefined && typeof state.prev.kind === 'string') state.byKind.set(state.prev.kind, state.prev);
}

/**
 * A value the decoder may rebuild: it puts rebuilt fields after the item's own, so only values the
 * server stores as sent. A refused item's detail names its first unstorable value in key order
 * (find-unstorable.ts): moved to the end, a rebuilt one would make it name another than a plain push.
 */
function storable(value: unknown): boolean {
  return typeof value === 'number' || (typeof value === 'string' && !value.includes('\0') && !SURROGATE.test(value));
}

/** Either half of a UTF-16 pair: a lone one is unstorable, a pair is merely not left out. */
const SURROGATE = /[\ud800-\udfff]/;

function sharedFields(kind: unknown): readonly string[] {
  return typeof kind === 'string' && Object.hasOwn(SHARED_FIELDS, kind) ? SHARED_FIELDS[kind]! : [];
}

function isPlainObject(value: unknown): value is Item {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep equality of two JSON values (both come from JSON, so no undefined, no functions). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bs = b as unknown[];
    return a.length === bs.length && a.every((x, i) => sameJson(x, bs[i]));
  }
  const ak = Object.keys(a);
  return (
    ak.length === Object.keys(b).length &&
    ak.every((k) => Object.hasOwn(b, k) && sameJson((a as Item)[k], (b as Item)[k]))
  );
}

/**
 * The items a push or bundle body carries, from `items` or `packed` (exactly one of them), or why
 * not: what the server checks one by one.
 * @example const r = bodyItems(body); if ('error' in r) return apiError(c, 400, 'invalid_request', r.error);
 */
export function bodyItems(body: { items?: unknown[]; packed?: unknown[] }): { items: unknown[] } | { error: string } {
  if (body.items !== undefined && body.packed !== undefined)
    return { error: 'Send either "items" or "packed", not both' };
  if (body.items !== undefined) return { items: body.items };
  if (body.packed === undefined) return { error: 'No "items" (or "packed")' };
  const out = unpackItems(body.packed);
  return 'error' in out ? { error: `packed[${out.index}]: ${out.error}` } : out;
}
