import 'fake-indexeddb/auto';
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { db } from '../../db/database';
import { readState } from '../../db/sync-state';
import { ResultFileExport } from '../sync/ResultFileExport';
import { HubSettings } from './HubSettings';

/** The element once the live queries have rendered it. */
const shown = (testId: string) =>
  vi.waitFor(() => {
    const element = document.querySelector(`[data-testid="${testId}"]`);
    if (!element) throw new Error(`${testId} not shown yet`);
    return element;
  });

function submit(address: string) {
  const input = document.querySelector<HTMLInputElement>('#hub-address')!;
  input.value = address;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.form!.requestSubmit();
}

/** Answers `/api/hub/status` as the hub `hub-1` of Srandakan at 192.168.1.10:8080, and nothing elsewhere. */
function officeWifi() {
  const asked: string[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = String(input);
    asked.push(url);
    if (url === 'http://192.168.1.10:8080/api/hub/status') {
      return Response.json({ mode: 'hub', hubId: 'hub-1', kecamatan: { code: '34.02.01', name: 'Srandakan' } });
    }
    if (url === 'http://lentera.example/api/hub/status') return Response.json({ mode: 'national' });
    throw new TypeError('Failed to fetch');
  });
  return asked;
}

describe('HubSettings', () => {
  afterEach(async () => {
    render(null, document.body);
    vi.unstubAllGlobals();
    await db.syncState.clear();
    await db.carriedItems.clear();
  });

  it('keeps a typed address once it answers as a hub, and shows its kecamatan', async () => {
    const asked = officeWifi();
    render(<HubSettings />, document.body);
    submit('192.168.1.10:8080');
    expect((await shown('hub-current')).textContent).toContain('Hub kantor: Srandakan (34.02.01)');
    expect(asked).toEqual(['http://192.168.1.10:8080/api/hub/status']);
    expect(await readState(db, 'hub')).toMatchObject({
      baseUrl: 'http://192.168.1.10:8080',
      hubId: 'hub-1',
      kecamatan: { code: '34.02.01', name: 'Srandakan' },
    });
  });

  it('says in Bahasa Indonesia why an address is not kept: no address, not a hub, another hub, no answer', async () => {
    officeWifi();
    const errorFor = async (address: string) => {
      // A fresh screen each time, so no message of the last check can be mistaken for this one's.
      render(null, document.body);
      render(<HubSettings />, document.body);
      submit(address);
      // Each check ends with its message and the button back to "Periksa dan simpan".
      return vi.waitFor(() => {
        const error = document.querySelector('[data-testid="hub-error"]');
        const button = document.querySelector<HTMLButtonElement>('button[type="submit"]')!;
        if (!error || button.disabled) throw new Error('still checking');
        return error.textContent;
      });
    };
    expect(await errorFor('ftp://kantor')).toContain('Itu bukan alamat hub');
    expect(await errorFor('http://lentera.example')).toContain('bukan hub Lentera');
    // The QR of another hub than the one now at that address.
    expect(await errorFor('http://192.168.1.10:8080/hub?id=hub-9')).toContain('bukan hub Lentera');
    expect(await errorFor('192.168.1.99')).toContain('Hub tidak menjawab');
    expect(await readState(db, 'hub')).toBeUndefined();
  });

  it('shows what the hub holds for this phone and removes the hub', async () => {
    officeWifi();
    await db.carriedItems.bulkAdd([
      { id: 'a', learnerId: 'L', fileName: 'hub:hub-1', carriedAt: 1 },
      { id: 'b', learnerId: 'L', fileName: 'hasil.lentera', carriedAt: 1 },
    ]);
    render(<HubSettings />, document.body);
    submit('http://192.168.1.10:8080/hub?id=hub-1');
    expect((await shown('hub-held')).textContent).toBe(
      '1 catatan disimpan di hub kantor, menunggu dikirim ke server pusat.',
    );
    document.querySelector<HTMLButtonElement>('[data-testid="hub-current"] button')!.click();
    await vi.waitFor(() => expect(document.querySelector('[data-testid="hub-current"]')).toBeNull());
    expect(await readState(db, 'hub')).toBeUndefined();
  });

  it('the home card tells records the hub holds from records carried by file', async () => {
    await db.carriedItems.bulkAdd([
      { id: 'a', learnerId: 'L', fileName: 'hub:hub-1', carriedAt: 1 },
      { id: 'b', learnerId: 'L', fileName: 'hub:hub-1', carriedAt: 1 },
      { id: 'c', learnerId: 'L', fileName: 'hasil.lentera', carriedAt: 1 },
    ]);
    render(<ResultFileExport learnerId="L" />, document.body);
    expect((await shown('result-file-held')).textContent).toBe(
      '2 catatan disimpan di hub kantor, menunggu dikirim ke server pusat.',
    );
    expect((await shown('result-file-carried')).textContent).toBe(
      '1 catatan dibawa lewat file, menunggu konfirmasi server.',
    );
  });
});
