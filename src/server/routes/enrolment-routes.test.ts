import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachStore } from '../../../tests/server/test-stores';
import { useTestApp } from '../../../tests/server/test-app';
import type { ImportLearnersResponse } from '../../shared/monitoring/learner-import';
import { createSession } from '../auth/sessions';
import { ensureUser } from '../auth/users';
import { loadRegions } from '../regions/load-regions';

const FILE = [
  'nama,username,kode_desa,jabatan,telepon,nip',
  'Siti Rahayu,siti,34.02.01.2001,Sekretaris Desa,0812-3456-7890,',
  'Budi Santoso,Budi,34.02.01.2002,Kaur Keuangan,,198501012010011001',
  'Made Wirawan,made,34.02.01.9999,Kasi Pemerintahan,,',
  'Siti Lain,siti,34.02.01.2002,Kaur Umum,,',
  ',tanpa.nama,34.02.01.2001,Kaur Umum,,',
  'Nama Aneh,ab,34.02.01.2001,Kaur Umum,,',
  'Orang Sanden,sanden,34.02.02.2001,Kepala Desa,,',
  'Pak Monitor,monitor,34.02.01.2001,Kepala Desa,,',
  'Telepon Salah,telp,34.02.01.2001,Kaur Umum,12ab,',
  'NIP Salah,nipsalah,34.02.01.2001,Kaur Umum,,12345',
  'Kode Salah,kodesalah,34.02.01,Kaur Umum,,',
  '"Ni Luh, Putu",niluh,34.02.01.2001,"Kaur ""Perencanaan""",,',
  'Sel Lebih,lebih,34.02.01.2001,Kaur Umum,,,extra',
].join('\r\n');

describeEachStore('importLearners', (kind) => {
  const t = useTestApp(kind);
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    await loadRegions(t.store, { under: '34' });
    for (const [username, role, regionCode] of [
      ['operator', 'operator', '34.02.01'],
      ['monitor', 'monitor', '34.02'],
      ['admin', 'admin', null],
      ['lost', 'operator', null],
      ['pelajar', 'learner', null],
    ] as const) {
      const { id } = await ensureUser(t.store, { username, name: username, role, regionCode });
      tokens[username] = (await createSession(t.store, id, undefined)).token;
    }
  });

  const upload = (body: string | Uint8Array<ArrayBuffer>, who = 'operator') =>
    t.app.request('/api/learners/import', {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv', Authorization: `Bearer ${tokens[who]}` },
      body,
    });
  const importOk = async (body: string | Uint8Array<ArrayBuffer>, who = 'operator') => {
    const res = await upload(body, who);
    expect(res.status).toBe(200);
    return (await res.json()) as ImportLearnersResponse;
  };
  const learners = async () =>
    (
      await t.store.query(
        `SELECT username, name, role, desa_code, jabatan, phone, nip, password_hash FROM users WHERE role = 'learner' AND desa_code IS NOT NULL ORDER BY username`,
      )
    ).rows;

  describe('per-row results', () => {
    it('stores the valid rows and rejects each bad one with its own reason', async () => {
      const body = await importOk(FILE);
      const byLine = body.rows.map((r) => [r.line, r.username, r.status, r.reason ?? null]);
      expect(byLine).toEqual([
        [2, 'siti', 'created', null],
        [3, 'budi', 'created', null],
        [4, 'made', 'rejected', 'unknown_desa_code'],
        [5, 'siti', 'rejected', 'duplicate_username'],
        [6, 'tanpa.nama', 'rejected', 'missing_field'],
        [7, 'ab', 'rejected', 'invalid_username'],
        [8, 'sanden', 'rejected', 'outside_region'],
        [9, 'monitor', 'rejected', 'username_taken'],
        [10, 'telp', 'rejected', 'invalid_phone'],
        [11, 'nipsalah', 'rejected', 'invalid_nip'],
        [12, 'kodesalah', 'rejected', 'invalid_desa_code'],
        [13, 'niluh', 'created', null],
        [14, 'lebih', 'rejected', 'malformed_row'],
      ]);
      expect(body.rows[3]!.message).toBe('Username already used on line 2 of this file');
      expect(body.rows[4]!.message).toBe('Missing name');
      expect(body.summary).toEqual({ created: 3, updated: 0, unchanged: 0, rejected: 10 });
      expect(await learners()).toEqual([
        {
          username: 'budi',
          name: 'Budi Santoso',
          role: 'learner',
          desa_code: '34.02.01.2002',
          jabatan: 'Kaur Keuangan',
          phone: null,
          nip: '198501012010011001',
          password_hash: null,
        },
        {
          username: 'niluh',
          name: 'Ni Luh, Putu',
          role: 'learner',
          desa_code: '34.02.01.2001',
          jabatan: 'Kaur "Perencanaan"',
          phone: null,
          nip: null,
          password_hash: null,
        },
        {
          username: 'siti',
          name: 'Siti Rahayu',
          role: 'learner',
          desa_code: '34.02.01.2001',
          jabatan: 'Sekretaris Desa',
          phone: '081234567890',
          nip: null,
          password_hash: null,
        },
      ]);
    });

    it('changes nothing when the same file is imported again', async () => {
      const before = await t.store.query(`SELECT * FROM users ORDER BY username`);
      const body = await importOk(FILE);
      expect(body.summary).toEqual({ created: 0, updated: 0, unchanged: 3, rejected: 10 });
      expect(await t.store.query(`SELECT * FROM users ORDER BY username`)).toEqual(before);
    });

    it('updates only the fields that changed, read from an Excel file with BOM, semicolons and Indonesian headers', async () => {
      const excel =
        '\uFEFFNama;Nama Pengguna;Kode Desa;Jabatan;No HP;Keterangan\r\nSiti Rahayu;siti;34.02.01.2002;Kepala Desa;081234567890;pindah\r\n';
      const body = await importOk(new TextEncoder().encode(excel));
      expect(body.rows).toEqual([{ line: 2, username: 'siti', status: 'updated', changed: ['desaCode', 'jabatan'] }]);
      expect(body.ignoredColumns).toEqual(['Keterangan']);
      const siti = (await learners()).find((l) => l.username === 'siti');
      expect(siti).toMatchObject({ desa_code: '34.02.01.2002', jabatan: 'Kepala Desa', phone: '081234567890' });
    });

    it('lets admin enrol anywhere but not take over a staff username', async () => {
      const body = await importOk(
        'nama,username,kode_desa,jabatan\nOrang Sanden,sanden,34.02.02.2001,Kepala Desa\nX,admin,34.02.02.2001,Kaur\n',
        'admin',
      );
      expect(body.rows.map((r) => r.status)).toEqual(['created', 'rejected']);
      expect(body.rows[1]!.reason).toBe('username_taken');
    });

    it('does not let an operator update a learner of another region', async () => {
      const body = await importOk('nama,username,kode_desa,jabatan\nOrang Sanden,sanden,34.02.01.2001,Kepala Desa\n');
      expect(body.rows[0]).toMatchObject({ status: 'rejected', reason: 'username_taken' });
      expect((await learners()).find((l) => l.username === 'sanden')).toMatchObject({ desa_code: '34.02.02.2001' });
    });
  });

  describe('at scale and under concurrency', () => {
    it('enrols a full 5,000-row file in one request, then finds it all unchanged', async () => {
      const rows = Array.from(
        { length: 5000 },
        (_, i) => `Peserta ${i},massal${i},34.02.01.200${1 + (i % 2)},Kaur Umum`,
      );
      const file = `nama,username,kode_desa,jabatan\n${rows.join('\n')}\n`;
      const first = await importOk(file);
      expect(first.summary).toEqual({ created: 5000, updated: 0, unchanged: 0, rejected: 0 });
      const again = await importOk(file);
      expect(again.summary).toEqual({ created: 0, updated: 0, unchanged: 5000, rejected: 0 });
    });

    it('stores one account per username when the same file is sent three times at once', async () => {
      const file =
        'nama,username,kode_desa,jabatan\nSatu,serentak1,34.02.01.2001,Kaur\nDua,serentak2,34.02.01.2002,Kaur\n';
      const responses = await Promise.all([upload(file), upload(file), upload(file)]);
      expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
      const { rows } = await t.store.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM users WHERE username IN ('serentak1', 'serentak2')`,
      );
      expect(rows[0]!.n).toBe(2);
      const bodies = (await Promise.all(responses.map((r) => r.json()))) as ImportLearnersResponse[];
      // Whoever loses the race finds identical rows: unchanged, not an error.
      expect(bodies.reduce((sum, b) => sum + b.summary.created, 0)).toBe(2);
      expect(bodies.reduce((sum, b) => sum + b.summary.unchanged, 0)).toBe(4);
    });
  });

  describe('files refused as a whole', () => {
    const refused = async (body: string | Uint8Array<ArrayBuffer>, status: number, code: string, who = 'operator') => {
      const res = await upload(body, who);
      expect(res.status).toBe(status);
      const error = ((await res.json()) as { error: { code: string; message: string } }).error;
      expect(error.code).toBe(code);
      return error.message;
    };

    it('refuses a Windows-1252 file, naming the line, and a UTF-16 file', async () => {
      const ansi = new Uint8Array([
        ...new TextEncoder().encode('nama,username,kode_desa,jabatan\nJos'),
        0xe9,
        ...new TextEncoder().encode(',jose,34.02.01.2001,Kaur\n'),
      ]);
      expect(await refused(ansi, 415, 'wrong_encoding')).toMatch(/line 2.*CSV UTF-8/);
      const utf16 = new Uint8Array([0xff, 0xfe, 0x6e, 0x00, 0x61, 0x00]);
      expect(await refused(utf16, 415, 'wrong_encoding')).toMatch(/UTF-16/);
    });

    it('refuses a multipart form upload, saying to send the file itself', async () => {
      const form = new FormData();
      form.set(
        'file',
        new Blob(['nama,username,kode_desa,jabatan\nA,aaa,34.02.01.2001,K\n'], { type: 'text/csv' }),
        'a.csv',
      );
      const res = await t.app.request('/api/learners/import', {
        method: 'POST',
        headers: { Authorization: `Bearer ${tokens.operator}` },
        body: form,
      });
      expect(res.status).toBe(415);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
    });

    it('refuses broken quoting, missing columns and an empty file', async () => {
      await refused('nama,username,kode_desa,jabatan\n"Siti,siti,34.02.01.2001,Kaur\n', 400, 'malformed_csv');
      expect(await refused('nama,username,jabatan\nSiti,siti,Kaur\n', 400, 'missing_columns')).toMatch(/desaCode/);
      await refused('', 400, 'empty_file');
    });

    it('refuses a file over 1 MiB and one over 5,000 rows, storing nothing', async () => {
      const count = (await learners()).length;
      await refused(`nama,username,kode_desa,jabatan\n${'x'.repeat(1024 * 1024)}`, 413, 'csv_too_large');
      const rows = Array.from({ length: 5001 }, (_, i) => `N,u${i},34.02.01.2001,K`).join('\n');
      await refused(`nama,username,kode_desa,jabatan\n${rows}`, 413, 'too_many_rows');
      expect(await learners()).toHaveLength(count);
    });

    it('lets only operators bound to a region and admin import', async () => {
      const csv = 'nama,username,kode_desa,jabatan\nA,aaa,34.02.01.2001,K\n';
      await refused(csv, 403, 'forbidden', 'monitor');
      await refused(csv, 403, 'forbidden', 'pelajar');
      await refused(csv, 403, 'no_region', 'lost');
      const anon = await t.app.request('/api/learners/import', { method: 'POST', body: csv });
      expect(anon.status).toBe(401);
    });
  });
});
