import 'fake-indexeddb/auto';
import { render } from 'preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../../db/database';
import { saveDraft } from '../../db/save-draft';
import { SignInScreen } from './SignInScreen';

const usernameField = () => document.querySelector<HTMLInputElement>('#username')!;
const show = () =>
  render(
    <LocationProvider>
      <SignInScreen />
    </LocationProvider>,
    document.body,
  );

// The typed username is kept as a draft and restored when the screen opens again. The restore sets
// the field's value; text going in at that moment then lands behind the old name (a browser test
// typed "operator" after "pmd.kulonprogo" had signed in, and "pmd.kulonprogooperator" was sent).
describe('SignInScreen username draft', () => {
  beforeEach(() => {
    // No server here: the publisher pin on open fails quietly as offline.
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
  });
  afterEach(async () => {
    render(null, document.body);
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
    await db.drafts.clear();
  });

  it('takes no input until the last username is restored, then holds it and takes input', async () => {
    await saveDraft(db, 'signIn.username', 'pmd.kulonprogo');
    show();
    expect(usernameField().readOnly).toBe(true);
    await vi.waitFor(() => expect(usernameField().readOnly).toBe(false));
    expect(usernameField().value).toBe('pmd.kulonprogo');
  });

  it('takes input at once after an empty restore, and when the drafts cannot be read at all', async () => {
    show();
    await vi.waitFor(() => expect(usernameField().readOnly).toBe(false));
    expect(usernameField().value).toBe('');
    render(null, document.body);

    vi.spyOn(db.drafts, 'get').mockRejectedValue(new Error('IndexedDB broken'));
    show();
    await vi.waitFor(() => expect(usernameField().readOnly).toBe(false));
  });

  it('a restore never replaces what was already typed', async () => {
    await saveDraft(db, 'signIn.username', 'pmd.kulonprogo');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const read = db.drafts.get.bind(db.drafts);
    vi.spyOn(db.drafts, 'get').mockImplementation(((key: string) => held.then(() => read(key))) as never);
    show();
    const field = usernameField();
    field.value = 'operator';
    field.dispatchEvent(new Event('input', { bubbles: true }));
    release();
    await vi.waitFor(() => expect(field.readOnly).toBe(false));
    expect(field.value).toBe('operator');
  });
});
