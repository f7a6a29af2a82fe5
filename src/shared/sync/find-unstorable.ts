// PostgreSQL `text` and `jsonb` cannot hold a NUL character or a lone UTF-16 surrogate (half of an
// emoji, e.g. from a text field cut at a fixed length), and JSON numbers such as `1e999` parse to
// Infinity, which no column can hold as what was sent. One walk over a pushed item finds all three,
// in every string, every object key and every number, so no field can be forgotten.

/** A surrogate code unit that is not half of a pair: in a `u` regex `\p{Cs}` matches only lone ones. */
const LONE_SURROGATE = /\p{Cs}/u;

/** True when `text` can be stored in PostgreSQL text/jsonb exactly as it is. */
export function isStorableText(text: string): boolean {
  return textProblem(text) === null;
}

/**
 * The first place in `value` that cannot be stored as sent, as `path: problem`, or null when
 * everything can. Iterative, so a deeply nested value cannot overflow the stack.
 * @example findUnstorable({ value: { text: '\ud83d' } }) // 'value.text: lone UTF-16 surrogate …'
 */
export function findUnstorable(value: unknown): string | null {
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: '' }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    const at = path ? `${path}: ` : '';
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) return `${at}${problem}`;
    } else if (typeof current === 'number') {
      if (!Number.isFinite(current)) return `${at}not a finite number (${String(current)})`;
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], path: join(path, String(i)) });
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const problem = textProblem(key);
        if (problem) return `${at}a key holds ${problem.replace(/^contains /, '')}`;
        stack.push({ value: child, path: join(path, key) });
      }
    }
  }
  return null;
}

function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character';
  if (LONE_SURROGATE.test(text)) return 'contains a lone UTF-16 surrogate (half of an emoji?): not valid Unicode text';
  return null;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
