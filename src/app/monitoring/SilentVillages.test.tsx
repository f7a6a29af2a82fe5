import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SilentVillagesResponse } from '../../shared/monitoring/region-report';
import { setLanguage } from '../i18n/t';
import { SilentVillages } from './SilentVillages';

const flush = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));
const answer = (silentHubs: SilentVillagesResponse['silentHubs']): SilentVillagesResponse => ({
  region: { code: '34.02', parentCode: '34', level: 2, name: 'KABUPATEN BANTUL' },
  days: 14,
  villages: [],
  learners: [],
  ...(silentHubs ? { silentHubs } : {}),
  truncated: false,
  dataAsOf: null,
});
const show = async (body: SilentVillagesResponse) => {
  vi.stubGlobal(
    'fetch',
    vi.fn(() => Promise.resolve(Response.json(body))),
  );
  await act(() => render(<SilentVillages token="t" code="34.02" />, document.body));
  await flush();
  return document.body.querySelector('[data-testid="silent-hubs"]');
};

describe('SilentVillages: the silent hubs line', () => {
  afterEach(() => {
    render(null, document.body);
    vi.unstubAllGlobals();
    setLanguage('id');
  });

  it('names each silent hub in Bahasa Indonesia, one never heard from and one with its last contact', async () => {
    setLanguage('id');
    const line = await show(
      answer([
        { hubId: 'h1', name: 'Kantor Sanden', kecamatanCode: '34.02.02', kecamatan: 'SANDEN', lastSeenAt: null },
        {
          hubId: 'h2',
          name: 'Kantor Srandakan',
          kecamatanCode: '34.02.01',
          kecamatan: null,
          lastSeenAt: '2026-11-28T08:00:00.000Z',
        },
      ]),
    );
    expect(line?.querySelector('p')?.textContent).toMatch(/^2 hub kantor kecamatan tidak terdengar lebih dari sehari/);
    const items = Array.from(line!.querySelectorAll('li'), (li) => li.textContent);
    expect(items[0]).toBe('Kantor Sanden (SANDEN): belum pernah tersambung');
    expect(items[1]).toMatch(/^Kantor Srandakan \(34\.02\.01\): terakhir terdengar \S/);
  });

  it('shows no line when no hub is silent, or the server sends none', async () => {
    expect(await show(answer([]))).toBeNull();
    expect(await show(answer(undefined))).toBeNull();
    expect(document.body.textContent).toContain('Semua desa');
  });
});
