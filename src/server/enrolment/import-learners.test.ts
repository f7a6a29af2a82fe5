import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachStore } from '../../../tests/server/test-stores';
import { useTestApp } from '../../../tests/server/test-app';
import type { ImportLearnersResponse } from '../../shared/monitoring/learner-import';
import { createSession } from '../auth/sessions';
import { ensureUser } from '../auth/users';
import { loadRegions } from '../regions/load-regions';
import { decodeCsvText } from './decode-csv-text';
import { parseLearnerCsv } from './parse-learner-csv';

const HEADER = 'nama,username,kode_desa,jabatan,telepon,nip';

describe('parseLearnerCsv', () => {
  it('lists every format problem of a row, each with its column', () => {
    const { rows } = parseLearnerCsv(`${HEADER}\n,ab,34.02.01,,12ab,12345\n`);
    expect(rows[0]!.problems.map((p) => [p.reason, p.column])).toEqual([
      ['missing_field', 'nama'],
      ['invalid_username', 'username'],
      ['invalid_desa_code', 'kode_desa'],
      ['missing_field', 'jabatan'],
      ['invalid_phone', 'telepon'],
      ['invalid_nip', 'nip'],
    ]);
  });

  it('rejects a NUL or a lone surrogate in any field as invalid_text of that column', () => {
    const { rows } = parseLearnerCsv(
      `${HEADER}\nSiti\u0000,siti,34.02.01.2001,Kaur,,\nBudi,budi,34.02.01.2001,Kaur \ud83d,,\nAni,an\udc00i,34.02.01.2001,Kaur,,\n`,
    );
    expect(rows.map((r) => r.problems.map((p) => [p.reason, p.column]))).toEqual([
      [['invalid_text', 'nama']],
      [['invalid_text', 'jabatan']],
      [['invalid_text', 'username']],
    ]);
  });

  it('keeps a whole emoji (a surrogate pair) as ordinary text', () => {
    const { rows } = parseLearnerCsv(`${HEADER}\nSiti 🌾,siti,34.02.01.2001,Kaur,,\n`);
    expect(rows[0]!.problems).toEqual([]);
  });

  it('decodes a surrogate written on its own in UTF-8 bytes into that surrogate, not a refused file', () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('a'),
      0xed,
      0xa0,
      0xbd,
      ...new TextEncoder().encode('b'),
    ]);
    expect(decodeCsvText(bytes)).toBe('a\ud83db');
  });
});

describeEachStore('importLearners rejection reasons', (kind) => {
  const t = useTestApp(kind);
  let token = '';
  beforeAll(async () => {
    await loadRegions(t.store, { under: '34' });
    const { id } = await ensureUser(t.store, {
      username: 'operator',
      name: 'operator',
      role: 'operator',
      regionCode: '34.02.01',
    });
    token = (await createSession(t.store, id, undefined)).token;
  });
  const importOk = async (body: string | Uint8Array<ArrayBuffer>) => {
    const res = await t.app.request('/api/learners/import', {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv', Authorization: `Bearer ${token}` },
      body,
    });
    expect(res.status).toBe(200);
    return (await res.json()) as ImportLearnersResponse;
  };

  it('a rejected row lists every reason, format and database ones together, as codes with their column', async () => {
    const body = await importOk(
      [
        HEADER,
        'Siti Rahayu,siti,34.02.01.2001,Sekretaris Desa,,',
        // No jabatan, a bad phone, and a username already used on line 2.
        'Siti Lain,siti,34.02.01.2002,,12ab,',
        // A desa outside the operator's kecamatan that does not exist either, and a bad NIP.
        'Orang Jauh,jauh,34.02.02.9999,Kaur Umum,,123',
      ].join('\n'),
    );
    expect(body.rows.map((r) => [r.line, r.status, r.problems ?? []])).toEqual([
      [2, 'created', []],
      [
        3,
        'rejected',
        [
          { reason: 'missing_field', column: 'jabatan' },
          { reason: 'invalid_phone', column: 'telepon' },
          { reason: 'duplicate_username', column: 'username' },
        ],
      ],
      [
        4,
        'rejected',
        [
          { reason: 'invalid_nip', column: 'nip' },
          { reason: 'outside_region', column: 'kode_desa' },
          { reason: 'unknown_desa_code', column: 'kode_desa' },
        ],
      ],
    ]);
    // The first reason stays in `reason` for older clients; `message` details every one.
    expect(body.rows[1]!.reason).toBe('missing_field');
    expect(body.rows[1]!.message).toBe(
      'Missing jabatan; Phone must be 8–15 digits; Username already used on line 2 of this file',
    );
  });

  it('a NUL byte or a lone surrogate in a field rejects only its row, never a 5xx', async () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode(`${HEADER}\nNul\u0000Name,nul1,34.02.01.2001,Kaur,,\nPotong `),
      0xed,
      0xa0,
      0xbd,
      ...new TextEncoder().encode(`,potong,34.02.01.2001,Kaur,,\nBaik,baik,34.02.01.2001,Kaur,,\n`),
    ]);
    const body = await importOk(bytes);
    expect(body.rows.map((r) => [r.line, r.status, r.problems ?? []])).toEqual([
      [2, 'rejected', [{ reason: 'invalid_text', column: 'nama' }]],
      [3, 'rejected', [{ reason: 'invalid_text', column: 'nama' }]],
      [4, 'created', []],
    ]);
    const { rows } = await t.store.query<{ username: string }>(
      `SELECT username FROM users WHERE username IN ('nul1', 'potong', 'baik')`,
    );
    expect(rows.map((r) => r.username)).toEqual(['baik']);
  });

  it('a NUL in the username itself is a per-row reason too', async () => {
    const body = await importOk(`${HEADER}\nOrang,ab\u0000cd,34.02.01.2001,Kaur,,\n`);
    expect(body.rows[0]).toMatchObject({
      status: 'rejected',
      problems: [{ reason: 'invalid_text', column: 'username' }],
    });
  });
});
