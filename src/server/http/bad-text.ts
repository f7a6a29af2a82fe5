/**
 * A NUL character or a lone UTF-16 surrogate (half an emoji, e.g. cut by a truncated text field).
 * PostgreSQL cannot store the first in `text` and silently replaces the second (JSON escapes of
 * either fail outright), so what would be stored could not be what was sent: such text is refused.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when `s` holds a NUL or a lone surrogate. */
export const isBadText = (s: string): boolean => s.includes('\u0000') || LONE_SURROGATE.test(s);

/** Just enough of a valibot / Standard Schema object to follow a value down into it. */
interface SchemaNode {
  type?: string;
  entries?: Record<string, SchemaNode>;
  item?: SchemaNode;
  wrapped?: SchemaNode;
  value?: SchemaNode;
  rest?: SchemaNode;
}

/** The schema of `key` inside a value of `schema`; undefined when it cannot be told (check everything). */
function childSchema(schema: SchemaNode | undefined, key: string | number): SchemaNode | undefined {
  let s = schema;
  // optional / nullable / nullish / exact_optional wrap the schema that matters.
  while (s?.wrapped) s = s.wrapped;
  if (!s) return undefined;
  if (typeof key === 'number') return s.item;
  return s.entries?.[key] ?? s.value ?? s.rest;
}

const isOpaque = (schema: SchemaNode | undefined) => schema?.type === 'unknown' || schema?.type === 'any';

interface Frame {
  value: unknown;
  schema: SchemaNode | undefined;
  key: string | null;
  parent: Frame | null;
}

const pathOf = (frame: Frame) => {
  const keys: string[] = [];
  for (let f: Frame | null = frame; f?.key != null; f = f.parent) keys.push(f.key);
  return keys.reverse().join('.');
};

/**
 * The path (`items.3.name`, or `''` for the value itself) of the first string or object key in
 * `value` holding bad text, or null when there is none. A part the schema leaves `unknown` is
 * skipped: the route checks it on its own (push items, so one bad item cannot sink its batch).
 * Iterative, so a body nested a million levels deep costs memory, not the call stack.
 */
export function findBadText(value: unknown, schema?: unknown): string | null {
  const stack: Frame[] = [{ value, schema: schema as SchemaNode | undefined, key: null, parent: null }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { value: v, schema: s } = frame;
    if (isOpaque(s)) continue;
    if (typeof v === 'string') {
      if (isBadText(v)) return pathOf(frame);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) {
        stack.push({ value: v[i], schema: childSchema(s, i), key: String(i), parent: frame });
      }
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        if (isBadText(key)) return pathOf({ value: child, schema: undefined, key, parent: frame });
        stack.push({ value: child, schema: childSchema(s, key), key, parent: frame });
      }
    }
  }
  return null;
}
