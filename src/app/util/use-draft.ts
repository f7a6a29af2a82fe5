import { useEffect, useState } from 'preact/hooks';
import { db } from '../../db/database';
import { saveDraft } from '../../db/save-draft';

/**
 * A form field's text that survives reloads, updates and a killed app: restored on mount,
 * written to IndexedDB on every change. Never use it for passwords.
 */
export function useDraft(key: string): [string, (value: string) => void, boolean] {
  const [value, setValue] = useState('');
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    let live = true;
    void db.drafts.get(key).then((draft) => {
      if (!live) return;
      if (draft) setValue((current) => current || draft.value);
      setLoaded(true);
    });
    return () => {
      live = false;
    };
  }, [key]);
  const update = (next: string) => {
    setValue(next);
    void saveDraft(db, key, next);
  };
  return [value, update, loaded];
}
