import { useEffect, useState } from 'preact/hooks';
import type { ApiResult } from '../api/api-fetch';

export type Loaded<T> = { state: 'loading' } | { state: 'error'; code: string } | { state: 'ready'; data: T };

/** Runs an API call when `key` changes and keeps only the latest answer (fast drill-down clicks). */
export function useApi<T>(key: string | null, call: () => Promise<ApiResult<T>>): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    if (key === null) return;
    let current = true;
    setLoaded({ state: 'loading' });
    void call().then((result) => {
      if (!current) return;
      setLoaded(result.ok ? { state: 'ready', data: result.data } : { state: 'error', code: result.code });
    });
    return () => {
      current = false;
    };
    // `call` is a fresh closure each render; `key` says when it asks something new.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, [key]);
  return loaded;
}
