import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

/**
 * The result of a Dexie query, re-run whenever the tables it read change (also from another tab).
 * `undefined` until the first result; an error is thrown to the nearest error boundary.
 * @example const attempts = useLiveQuery(() => db.attempts.where('learnerId').equals(id).toArray(), [id]);
 */
export function useLiveQuery<T>(query: () => Promise<T> | T, deps: unknown[]): T | undefined {
  const [result, setResult] = useState<{ value: T } | { error: unknown } | undefined>(undefined);
  useEffect(() => {
    setResult(undefined);
    const subscription = liveQuery(query).subscribe({
      next: (value) => setResult({ value }),
      error: (error: unknown) => setResult({ error }),
    });
    return () => subscription.unsubscribe();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's `deps` decide; the rule checks them at each call (`additionalHooks`)
  }, deps);
  if (result && 'error' in result) throw result.error;
  return result?.value;
}
