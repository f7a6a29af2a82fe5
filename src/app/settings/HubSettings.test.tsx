import 'fake-indexeddb/auto';
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { db } from '../../db/database';
import { readState, writeState } from '../../db/sync-state';
import { toBase64 } from '../../shared/course/bytes';
import { hubKeyFingerprint, signHubProof } from '../../shared/hub/hub-identity-proof';
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

async function hubKey() {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const publicKey = toBase64(new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey)));
  return { privateKey: pair.privateKey, publicKey, fingerprint: await hubKeyFingerprint(publicKey) };
}
const HUB_KEY = await hubKey();
const FAKE_KEY = await hubKey();
const QR = `http://192.168.1.10:8080/hub?id=hub-1&k=${HUB_KEY.fingerprint}`;

/**
 * Answers `/api/hub/status` as the hub `hub-1` of Srandakan at 192.168.1.10:8080, signed with
 * `key` (the real hub's, or a fake's that copies its answer), and nothing elsewhere.
 */
function officeWifi(key = HUB_KEY) {
  const asked: string[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = new URL(String(input));
    asked.push(`${url.origin}${url.pathname}`);
    if (`${url.origin}${url.pathname}` === 'http://192.168.1.10:8080/api/hub/status') {
      const challenge = url.searchParams.get('challenge') ?? '';
      return Response.json({
        mode: 'hub',
        hubId: 'hub-1',
        kecamatan: { code: '34.02.01', name: 'Srandakan' },
        identityKey: key.publicKey,
        signature: await signHubProof(key.privateKey, 'hub-1', challenge),
      });
    }
    if (url.origin === 'http://lentera.example') return Response.json({ mode: 'national' });
    throw new TypeError('Failed to fetch');
  });
  return asked;
}

/** The error the screen ends a check with (the button back to "Periksa dan simpan"). */
const checkedError = () =>
  vi.waitFor(() => {
    const error = document.querySelector('[data-testid="hub-error"]');
    const button = document.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    if (!error || button.disabled) throw new Error('still checking');
    return error.textContent;
  });

describe('HubSettings', () => {
  afterEach(async () => {
    render(null, document.body);
    vi.unstubAllGlobals();
    await db.syncState.clear();
    await db.carriedItems.clear();
  });

  it('keeps the hub page link once the hub proves its key, pins the key, and shows its kecamatan', async () => {
    const asked = officeWifi();
    render(<HubSettings />, document.body);
    submit(QR);
    expect((await shown('hub-current')).textContent).toContain('Hub kantor: Srandakan (34.02.01)');
    expect(asked[0]).toBe('http://192.168.1.10:8080/api/hub/status');
    expect(await readState(db, 'hub')).toMatchObject({
      baseUrl: 'http://192.168.1.10:8080',
      hubId: 'hub-1',
      kecamatan: { code: '34.02.01', name: 'Srandakan' },
      keyFingerprint: HUB_KEY.fingerprint,
    });
    expect(document.querySelector('[data-testid="hub-not-trusted"]')).toBeNull();
  });

  it('keeps a typed address only when the national pull delivered its key', async () => {
    officeWifi();
    render(<HubSettings />, document.body);
    submit('192.168.1.10:8080');
    expect(await checkedError()).toContain('Hub ini tidak terverifikasi');
    expect(await readState(db, 'hub')).toBeUndefined();
    await writeState(db, 'hubKeys', { 'hub-1': HUB_KEY.fingerprint });
    submit('192.168.1.10:8080');
    expect((await shown('hub-current')).textContent).toContain('Hub kantor: Srandakan (34.02.01)');
    expect((await readState(db, 'hub'))?.keyFingerprint).toBe(HUB_KEY.fingerprint);
  });

  it('refuses a machine that answers as the hub with another key, and tells the learner when the stored hub stops proving its key', async () => {
    officeWifi(FAKE_KEY);
    render(<HubSettings />, document.body);
    submit(QR);
    expect(await checkedError()).toContain('Hub ini tidak terverifikasi');
    expect(await readState(db, 'hub')).toBeUndefined();
    // A hub kept earlier; now something else answers at its address.
    render(null, document.body);
    await writeState(db, 'hub', {
      baseUrl: 'http://192.168.1.10:8080',
      hubId: 'hub-1',
      kecamatan: { code: '34.02.01', name: 'Srandakan' },
      setAt: 1,
      keyFingerprint: HUB_KEY.fingerprint,
    });
    render(<HubSettings />, document.body);
    expect((await shown('hub-not-trusted')).textContent).toContain('Hub ini tidak terverifikasi');
  });

  it('says in Bahasa Indonesia why an address is not kept: no address, not a hub, another hub, no answer', async () => {
    officeWifi();
    const errorFor = async (address: string) => {
      // A fresh screen each time, so no message of the last check can be mistaken for this one's.
      render(null, document.body);
      render(<HubSettings />, document.body);
      submit(address);
      return checkedError();
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
    submit(QR);
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
