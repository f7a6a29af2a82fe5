import Dexie, { type EntityTable } from 'dexie';
import type { Draft } from './draft';
import type { Profile } from './profile';

/**
 * The device database: the one typed Dexie module. Later schema versions are added below the
 * earlier ones, never edited in place, so a phone with data upgrades without losing its outbox.
 */
export class LenteraDatabase extends Dexie {
  drafts!: EntityTable<Draft, 'key'>;
  profiles!: EntityTable<Profile, 'id'>;

  constructor(name = 'lentera') {
    // Strict durability on every transaction: Chrome's default became 'relaxed' in 121, and relaxed
    // can lose the last writes when the phone or the browser dies — exactly the answer just given.
    super(name, { chromeTransactionDurability: 'strict' });
    this.version(1).stores({
      drafts: 'key',
      profiles: 'id, &username',
    });
  }
}

/** The app's database; tests open their own `LenteraDatabase` with another name. */
export const db = new LenteraDatabase();
