import { useEffect, useState } from 'preact/hooks';

export interface StorageInfo {
  usage: number | null;
  quota: number | null;
  persisted: boolean | null;
}

/** Used and available space and whether storage is persistent; `refresh` re-reads them. */
export function useStorageInfo(): StorageInfo & { refresh: () => void } {
  const [info, setInfo] = useState<StorageInfo>({ usage: null, quota: null, persisted: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    void (async () => {
      const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
      const persisted = await navigator.storage?.persisted?.().catch(() => null);
      if (live)
        setInfo({ usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, persisted: persisted ?? null });
    })();
    return () => {
      live = false;
    };
  }, [tick]);
  return { ...info, refresh: () => setTick((n) => n + 1) };
}
