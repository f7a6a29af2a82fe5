import { useEffect, useState } from 'preact/hooks';
import { db } from '../../db/database';
import { saveDraft } from '../../db/save-draft';

/**
 * A form field's text that survives reloads, updates and a killed app: restored on mount,
 * written to IndexedDB on every change. Never use it for passwords. The third value turns true once
 * the stored text is in: until then the field should not take input (make it read-only), because
 * the restore writes the field's value and so moves the caret behind text being put in at the time.
 */
export function useDraft(key: string): [string, (value: string) => void, boolean] {
  const [value, setValue] = useState('');
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    let live = true;
    // A store that cannot be read (a broken IndexedDB) restores nothing: the field takes input.
    void db.drafts
      .get(key)
      .catch(() => {})
      .then((draft) => {
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
