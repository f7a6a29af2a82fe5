import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installDismissed, installEvent } from './install-prompt';
import { InstallPrompt } from './InstallPrompt';

/** What Chrome dispatches when the app may be installed. */
function fakeInstallEvent(outcome: 'accepted' | 'dismissed') {
  const event = new Event('beforeinstallprompt', { cancelable: true });
  const prompt = vi.fn(async () => undefined);
  Object.assign(event, { prompt, userChoice: Promise.resolve({ outcome }) });
  return { event, prompt };
}

describe('InstallPrompt', () => {
  let root: HTMLElement;
  beforeEach(() => {
    localStorage.clear();
    installDismissed.value = false;
    installEvent.value = null;
    root = document.createElement('div');
    document.body.append(root);
  });
  afterEach(() => {
    render(null, root);
    root.remove();
  });

  it('stays hidden until the browser offers installation', () => {
    act(() => render(<InstallPrompt />, root));
    expect(root.textContent).toBe('');
  });

  it('keeps the browser from showing its own bar and offers the install dialog from the card', async () => {
    act(() => render(<InstallPrompt />, root));
    const { event, prompt } = fakeInstallEvent('accepted');
    await act(() => void window.dispatchEvent(event));
    expect(event.defaultPrevented).toBe(true);
    expect(root.querySelector('h2')?.textContent).toBe('Pasang Lentera di layar utama');
    await act(async () => root.querySelector<HTMLButtonElement>('.button--primary')?.click());
    await act(async () => undefined);
    expect(prompt).toHaveBeenCalledTimes(1);
    expect(root.textContent).toBe('');
  });

  it('"Nanti saja" hides the card for good on this phone', async () => {
    act(() => render(<InstallPrompt />, root));
    await act(() => void window.dispatchEvent(fakeInstallEvent('dismissed').event));
    const later = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Nanti saja');
    act(() => later?.click());
    expect(root.textContent).toBe('');
    expect(localStorage.getItem('lentera.installDismissed')).toBe('1');
  });
});
