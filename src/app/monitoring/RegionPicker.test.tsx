import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Region } from '../../shared/monitoring/regions';
import { RegionPicker } from './RegionPicker';

const desa = (code: string, name: string): Region => ({ code, parentCode: '34.02.01', level: 4, name });
const VILLAGES = [desa('34.02.01.2001', 'Poncosari'), desa('34.02.01.2002', 'Trimurti')];

const flush = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));
const options = () => Array.from(document.body.querySelectorAll('option'), (o) => o.textContent);

describe('RegionPicker', () => {
  afterEach(() => {
    render(null, document.body);
    vi.unstubAllGlobals();
  });

  it("lists a kecamatan's villages, narrows them as the user types, and hands back the chosen one", async () => {
    const fetch = vi.fn(() => Promise.resolve(Response.json({ regions: VILLAGES })));
    vi.stubGlobal('fetch', fetch);
    const chosen: (Region | null)[] = [];
    const view = (value: Region | null) => (
      <RegionPicker
        token="t"
        id="p"
        label="Desa"
        value={value}
        onChange={(r) => chosen.push(r)}
        childrenOf="34.02.01"
      />
    );
    await act(() => render(view(null), document.body));
    await flush();
    expect((fetch.mock.calls[0] as unknown[])[0]).toBe('/api/regions?limit=500&parent=34.02.01');
    expect(options()).toEqual(['Poncosari — Desa/Kelurahan 34.02.01.2001', 'Trimurti — Desa/Kelurahan 34.02.01.2002']);

    const input = document.body.querySelector<HTMLInputElement>('#p-q')!;
    await act(() => {
      input.value = 'TRIM';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(options()).toEqual(['Trimurti — Desa/Kelurahan 34.02.01.2002']);

    const select = document.body.querySelector<HTMLSelectElement>('#p-list')!;
    await act(() => {
      select.value = '34.02.01.2002';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(chosen).toEqual([VILLAGES[1]]);
    await act(() => render(view(VILLAGES[1]!), document.body));
    expect(document.body.querySelector('[data-testid="p-chosen"]')!.textContent).toBe(
      'Terpilih: Trimurti (34.02.01.2002)',
    );
  });

  it('says plainly when the list cannot be loaded', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('offline'))),
    );
    await act(() =>
      render(
        <RegionPicker token="t" id="p" label="Desa" value={null} onChange={() => {}} childrenOf="34.02.01" />,
        document.body,
      ),
    );
    await flush();
    expect(document.body.querySelector('[data-testid="p-chosen"]')!.textContent).toBe(
      'Daftar wilayah tidak dapat dimuat. Periksa sinyal lalu coba lagi.',
    );
  });
});
