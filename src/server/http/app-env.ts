import type { Account } from '../../shared/auth-protocol';
import type { Store } from '../store/store';
import type { ServerConfig } from '../config';

/** What every request handler can read from the Hono context. */
export interface AppEnv {
  Variables: {
    store: Store;
    /** Where report queries read: a read-only replica when configured, otherwise `store`. */
    reportStore: Store;
    config: ServerConfig;
    /** Set by `requireAuth`. */
    account: Account;
    deviceId: string | null;
  };
}
