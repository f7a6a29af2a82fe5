import { useEffect, useState } from 'preact/hooks';

/** The value of a promise made from `deps`, or its error; `undefined` while it is pending. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): { value?: T; error?: unknown } {
  const [state, setState] = useState<{ value?: T; error?: unknown }>({});
  useEffect(() => {
    let live = true;
    setState({});
    load().then(
      (value) => live && setState({ value }),
      (error: unknown) => live && setState({ error }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's `deps` decide; the rule checks them at each call (`additionalHooks`)
  }, deps);
  return state;
}
