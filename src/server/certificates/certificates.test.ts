import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it, onTestFinished } from 'vitest';
import { useTestApp } from '../../../tests/server/test-app';
import { describeEachStore } from '../../../tests/server/test-stores';
import {
  attemptWithAnswers,
  COURSE,
  learnerWithToken,
  pushInit,
  seedQuizzes,
} from '../../../tests/server/sync-fixtures';
import { verifyCertificate } from '../../shared/certificates/certificate-code';
import type { CertificateStatus } from '../../shared/certificates/certificate-protocol';
import type { RegionReportResponse } from '../../shared/monitoring/region-report';
import type { PullResponse } from '../../shared/sync/protocol';
import { createSession } from '../auth/sessions';
import { ensureUser } from '../auth/users';
import { loadRegions } from '../regions/load-regions';
import { gradeAttempts } from '../sync/grade-attempts';
import { quizCache } from '../sync/quiz-cache';
import { displayName, issueCertificates } from './issue-certificates';
import { currentIssuerKey, generateIssuerJwk, issuerPublicKeys } from './issuer-key';

describeEachStore('certificates', (kind) => {
  const t = useTestApp(kind);
  const push = async (token: string, deviceId: string, items: unknown[]) => {
    const res = await t.app.request('/api/sync/push', pushInit(token, { deviceId, items }));
    expect(res.status).toBe(200);
  };
  const pull = async (token: string, since = '0') => {
    const res = await t.call('GET', `/api/sync/pull?since=${since}`, { token });
    expect(res.status).toBe(200);
    return (await res.json()) as PullResponse;
  };
  const certificatesOf = async (learnerId: string) =>
    (
      await t.store.query<{ id: string; code: string; attempt_id: string }>(
        `SELECT id, code, attempt_id::text AS attempt_id FROM certificates WHERE learner_id = $1`,
        [learnerId],
      )
    ).rows;
  /** A learner in desa 34.02.01.2001 with a jabatan, who passed (or not) the post-test. */
  const learner = async (name: string) => {
    const l = await learnerWithToken(t.store, name);
    await t.store.query(`UPDATE users SET name = $2, jabatan = 'Sekretaris Desa' WHERE id = $1`, [l.id, `Ibu ${name}`]);
    return l;
  };

  it('issues one certificate for a passed post-test, signed by a key the app can pin, naming learner, jabatan, desa and course', async () => {
    await seedQuizzes(t.store);
    await loadRegions(t.store, { under: '34.02' });
    const siti = await learner('siti');
    const { attempt, answers } = attemptWithAnswers(siti.id, 'posttest', [true, true]);
    await push(siti.token, siti.deviceId, [...answers, attempt]);
    const [certificate, ...more] = await certificatesOf(siti.id);
    expect(more).toEqual([]);
    expect(certificate!.attempt_id).toBe(attempt.id);
    const keys = (await (await t.call('GET', '/api/certificates/keys')).json()) as { keys: [] };
    const check = await verifyCertificate(certificate!.code, keys.keys);
    expect(check).toMatchObject({
      ok: true,
      content: {
        id: certificate!.id,
        learnerName: 'Ibu siti',
        jabatan: 'Sekretaris Desa',
        desa: expect.stringMatching(/\S/),
        kecamatan: expect.stringMatching(/\S/),
        kabupaten: 'Kabupaten Bantul',
        provinsi: 'Daerah Istimewa Yogyakarta',
        courseTitle: 'Perencanaan',
        courseVersion: COURSE.version,
        score: 100,
        issuer: 'Lentera',
      },
    });
    expect(certificate!.id).toMatch(/^[A-HJ-NP-Z2-9]{12}$/);
  });

  it('never issues a second certificate: replayed batch, another passing attempt, re-grading', async () => {
    const budi = await learner('budi');
    const first = attemptWithAnswers(budi.id, 'posttest', [true, true]);
    const items = [...first.answers, first.attempt];
    await push(budi.token, budi.deviceId, items);
    await push(budi.token, budi.deviceId, items); // replay: all duplicates
    const second = attemptWithAnswers(budi.id, 'posttest', [true, true]);
    await push(budi.token, budi.deviceId, [...second.answers, second.attempt]);
    // Re-grading: the server forgets both grades and grades them again.
    await t.store.query(`UPDATE attempts SET graded_at = NULL WHERE learner_id = $1`, [budi.id]);
    await gradeAttempts(t.store, [first.attempt.id, second.attempt.id], quizCache(t.store));
    await issueCertificates(t.store, [first.attempt.id, second.attempt.id]);
    const certificates = await certificatesOf(budi.id);
    expect(certificates).toHaveLength(1);
    expect(certificates[0]!.attempt_id).toBe(first.attempt.id);
  });

  it('issues one certificate when two passing post-tests of one learner arrive in one batch', async () => {
    const ani = await learner('ani');
    const a = attemptWithAnswers(ani.id, 'posttest', [true, true]);
    const b = attemptWithAnswers(ani.id, 'posttest', [true, true]);
    await push(ani.token, ani.deviceId, [...a.answers, a.attempt, ...b.answers, b.attempt]);
    expect(await certificatesOf(ani.id)).toHaveLength(1);
  });

  it('issues one certificate when two phones of one learner push a passed post-test at the same time', async () => {
    const sari = await learner('sari');
    const otherDevice = randomUUID();
    const other = await createSession(t.store, sari.id, otherDevice);
    const a = attemptWithAnswers(sari.id, 'posttest', [true, true]);
    const b = attemptWithAnswers(sari.id, 'posttest', [true, true]);
    await Promise.all([
      push(sari.token, sari.deviceId, [...a.answers, a.attempt]),
      push(other.token, otherDevice, [...b.answers, b.attempt]),
    ]);
    expect(await certificatesOf(sari.id)).toHaveLength(1);
  });

  it('issues nothing for a failed post-test, a passed pre-test or a latihan', async () => {
    const dewi = await learner('dewi');
    const failed = attemptWithAnswers(dewi.id, 'posttest', [true, false]); // 50 < 60
    const pretest = attemptWithAnswers(dewi.id, 'pretest', [true, true]);
    const latihan = attemptWithAnswers(dewi.id, 'latihan-1', [true, true], 'latihan', 100);
    await push(dewi.token, dewi.deviceId, [
      ...failed.answers,
      failed.attempt,
      ...pretest.answers,
      pretest.attempt,
      ...latihan.answers,
      latihan.attempt,
    ]);
    await issueCertificates(t.store, [failed.attempt.id, pretest.attempt.id, latihan.attempt.id]);
    expect(await certificatesOf(dewi.id)).toEqual([]);
  });

  it('issues nothing for a passing post-test over the attempt limit (stored, not scored)', async () => {
    const joko = await learner('joko');
    // The post-test allows 3 scored attempts (docs/quiz-policy.md): three fails, then a pass too late.
    const tries = [0, 1, 2, 3].map((i) => {
      const a = attemptWithAnswers(joko.id, 'posttest', i < 3 ? [true, false] : [true, true]);
      a.attempt.startedAt = Date.now() - 10 * 60_000 + i * 60_000;
      return a;
    });
    for (const { attempt, answers } of tries) await push(joko.token, joko.deviceId, [...answers, attempt]);
    const last = await t.store.query<{ over_limit: boolean; passed: boolean | null }>(
      `SELECT over_limit, passed FROM attempts WHERE id = $1`,
      [tries[3]!.attempt.id],
    );
    expect(last.rows[0]).toEqual({ over_limit: true, passed: null });
    await issueCertificates(
      t.store,
      tries.map((a) => a.attempt.id),
    );
    expect(await certificatesOf(joko.id)).toEqual([]);
  });

  it('brings the certificate and the issuer keys to the phone with the pull, and the revocation at a later pull', async () => {
    const rina = await learner('rina');
    const { attempt, answers } = attemptWithAnswers(rina.id, 'posttest', [true, true]);
    await push(rina.token, rina.deviceId, [...answers, attempt]);
    const first = await pull(rina.token);
    expect(first.grades.map((g) => g.attemptId)).toEqual([attempt.id]);
    expect(first.certificates).toHaveLength(1);
    const [certificate] = first.certificates!;
    expect(certificate).toMatchObject({ courseId: COURSE.id, courseVersion: COURSE.version, revokedAt: null });
    expect((await verifyCertificate(certificate!.code, first.issuerKeys!)).ok).toBe(true);
    expect((await pull(rina.token, first.checkpoint)).certificates).toEqual([]);
    const otherLearner = await learner('rina-neighbour');
    expect((await pull(otherLearner.token)).certificates).toEqual([]);

    const admin = await learnerWithToken(t.store, 'admin-rina', 'admin');
    const revoke = await t.call('POST', `/api/certificates/${certificate!.id}/revoke`, {
      token: admin.token,
      json: { reason: 'Nilai ujian dibatalkan' },
    });
    expect(revoke.status).toBe(200);
    const later = await pull(rina.token, first.checkpoint);
    expect(later.certificates).toMatchObject([
      { id: certificate!.id, revokedAt: expect.any(String), revokedReason: 'Nilai ujian dibatalkan' },
    ]);
  });

  describe('revoking', () => {
    it('is for admins only, needs a reason, answers 404 for an unknown id and 409 the second time, and is audited', async () => {
      const eko = await learner('eko');
      const { attempt, answers } = attemptWithAnswers(eko.id, 'posttest', [true, true]);
      await push(eko.token, eko.deviceId, [...answers, attempt]);
      const { id } = (await certificatesOf(eko.id))[0]!;
      const operator = await learnerWithToken(t.store, 'op-eko', 'operator');
      const admin = await learnerWithToken(t.store, 'admin-eko', 'admin');
      const revoke = (token: string | undefined, json: unknown, certId = id) =>
        t.call('POST', `/api/certificates/${certId}/revoke`, { json, ...(token ? { token } : {}) });
      const code = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

      expect((await revoke(undefined, { reason: 'curang' })).status).toBe(401);
      const byLearner = await revoke(eko.token, { reason: 'curang' });
      expect([byLearner.status, await code(byLearner)]).toEqual([403, 'forbidden']);
      expect((await revoke(operator.token, { reason: 'curang' })).status).toBe(403);
      for (const body of [{}, { reason: '' }, { reason: '  ' }, { reason: 7 }, { reason: 'x'.repeat(501) }]) {
        const res = await revoke(admin.token, body);
        expect([res.status, await code(res)], JSON.stringify(body)).toEqual([400, 'invalid_request']);
      }
      const unknown = await revoke(admin.token, { reason: 'curang' }, 'ABCDEFGHJKLM');
      expect([unknown.status, await code(unknown)]).toEqual([404, 'certificate_not_found']);
      const malformed = await revoke(admin.token, { reason: 'curang' }, 'not-an-id');
      expect(malformed.status).toBe(400);

      const ok = await revoke(admin.token, { reason: 'Data peserta keliru' });
      expect(ok.status).toBe(200);
      const body = (await ok.json()) as CertificateStatus;
      expect(body).toMatchObject({ id, revokedReason: 'Data peserta keliru', revokedAt: expect.any(String) });
      const again = await revoke(admin.token, { reason: 'lagi' });
      expect([again.status, await code(again)]).toEqual([409, 'certificate_revoked']);
      const stored = await t.call('GET', `/api/certificates/${id.toLowerCase()}`);
      expect(((await stored.json()) as CertificateStatus).revokedReason).toBe('Data peserta keliru');
      const audit = await t.store.query<{ action: string; region_code: string }>(
        `SELECT action, region_code FROM audit_log WHERE target_id = $1`,
        [id],
      );
      expect(audit.rows).toEqual([{ action: 'certificate.revoke', region_code: '34.02.01.2001' }]);
    });
  });

  describe('the verify page', () => {
    it('shows a valid certificate with its content, as Indonesian HTML under a strict CSP', async () => {
      const tuti = await learner('tuti');
      const { attempt, answers } = attemptWithAnswers(tuti.id, 'posttest', [true, true]);
      await push(tuti.token, tuti.deviceId, [...answers, attempt]);
      const { id } = (await certificatesOf(tuti.id))[0]!;
      const res = await t.call('GET', `/verifikasi/${id}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
      const page = await res.text();
      expect(page).toContain('lang="id"');
      expect(page).toContain('Sertifikat sah');
      expect(page).toContain('Ibu tuti');
      expect(page).toContain('Perencanaan (versi 1.0.0)');
      expect(page).not.toMatch(/<script/i);
      const css = await t.call('GET', '/verifikasi.css');
      expect([css.status, css.headers.get('content-type')]).toEqual([200, 'text/css; charset=utf-8']);
      // A lower-case id (typed from paper) finds the same certificate.
      expect((await t.call('GET', `/verifikasi/${id.toLowerCase()}`)).status).toBe(200);
    });

    it('shows a revoked certificate with the date and reason', async () => {
      const wati = await learner('wati');
      const { attempt, answers } = attemptWithAnswers(wati.id, 'posttest', [true, true]);
      await push(wati.token, wati.deviceId, [...answers, attempt]);
      const { id } = (await certificatesOf(wati.id))[0]!;
      const admin = await learnerWithToken(t.store, 'admin-wati', 'admin');
      await t.call('POST', `/api/certificates/${id}/revoke`, {
        token: admin.token,
        json: { reason: 'Ujian <b>diulang</b>' },
      });
      const res = await t.call('GET', `/verifikasi/${id}`);
      expect(res.status).toBe(200);
      const page = await res.text();
      expect(page).toContain('Sertifikat dicabut pada');
      expect(page).toContain('Ujian &lt;b&gt;diulang&lt;/b&gt;');
      expect(page).not.toContain('Sertifikat sah');
    });

    it('says "tidak sah" for a stored code whose content no longer matches its signature', async () => {
      const yanti = await learner('yanti');
      const { attempt, answers } = attemptWithAnswers(yanti.id, 'posttest', [true, true]);
      await push(yanti.token, yanti.deviceId, [...answers, attempt]);
      const { id } = (await certificatesOf(yanti.id))[0]!;
      await t.store.query(`UPDATE certificates SET code = replace(code, 'Ibu yanti', 'Ibu yanto') WHERE id = $1`, [id]);
      const res = await t.call('GET', `/verifikasi/${id}`);
      expect(res.status).toBe(200);
      const page = await res.text();
      expect(page).toContain('Sertifikat tidak sah: tanda tangannya tidak cocok dengan isinya.');
      expect(page).not.toContain('Sertifikat sah');
    });

    it('answers an unknown or malformed id with the 404 "tidak ditemukan" page, never a 5xx', async () => {
      for (const id of ['ABCDEFGHJKLM', 'x', '%3Cscript%3Ealert(1)%3C%2Fscript%3E', 'Z'.repeat(300), '%C3%A9']) {
        const res = await t.call('GET', `/verifikasi/${id}`);
        expect(res.status, id).toBe(404);
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
        const page = await res.text();
        expect(page).toContain('Sertifikat tidak ditemukan');
        expect(page).not.toContain('<script>');
      }
      const json = await t.call('GET', '/api/certificates/ABCDEFGHJKLM');
      expect(json.status).toBe(404);
    });
  });
});

describeEachStore('the certificate issuer key', (kind) => {
  const t = useTestApp(kind);

  it('is generated once and kept in meta: every call, like every process on the store, gets the same key', async () => {
    const [a, b] = await Promise.all([currentIssuerKey(t.store, {}), currentIssuerKey(t.store, {})]);
    const c = await currentIssuerKey(t.store, {});
    expect(new Set([a.kid, b.kid, c.kid]).size).toBe(1);
    const meta = await t.store.query(`SELECT 1 FROM meta WHERE key = 'certificate_issuer_key'`);
    expect(meta.rows).toHaveLength(1);
    expect(await issuerPublicKeys(t.store)).toEqual([{ kid: a.kid, publicKey: a.publicKey }]);
  });

  it('signs with the LENTERA_ISSUER_KEY file when set; what the older key signed keeps verifying', async () => {
    await seedQuizzes(t.store);
    const before = await learnerWithToken(t.store, 'before-rotation');
    const old = attemptWithAnswers(before.id, 'posttest', [true, true]);
    const res = await t.app.request(
      '/api/sync/push',
      pushInit(before.token, { deviceId: before.deviceId, items: [...old.answers, old.attempt] }),
    );
    expect(res.status).toBe(200);
    const oldKid = (await currentIssuerKey(t.store, {})).kid;

    const keyDir = mkdtempSync(join(tmpdir(), 'lentera-issuer-'));
    onTestFinished(() => rmSync(keyDir, { recursive: true, force: true }));
    const file = join(keyDir, 'issuer-key.jwk');
    writeFileSync(file, JSON.stringify(await generateIssuerJwk()));
    const after = await learnerWithToken(t.store, 'after-rotation');
    const next = attemptWithAnswers(after.id, 'posttest', [true, true]);
    // The server process now runs with the file (this test's worker stands in for it during the push).
    process.env.LENTERA_ISSUER_KEY = file;
    try {
      const pushed = await t.app.request(
        '/api/sync/push',
        pushInit(after.token, { deviceId: after.deviceId, items: [...next.answers, next.attempt] }),
      );
      expect(pushed.status).toBe(200);
    } finally {
      delete process.env.LENTERA_ISSUER_KEY;
    }
    const rows = await t.store.query<{ learner_id: string; kid: string; id: string }>(
      `SELECT learner_id::text AS learner_id, kid, id FROM certificates WHERE learner_id IN ($1, $2)`,
      [before.id, after.id],
    );
    const kidOf = new Map(rows.rows.map((r) => [r.learner_id, r.kid]));
    const fileKid = (await currentIssuerKey(t.store, { LENTERA_ISSUER_KEY: file })).kid;
    expect(kidOf.get(before.id)).toBe(oldKid);
    expect(kidOf.get(after.id)).toBe(fileKid);
    expect(fileKid).not.toBe(oldKid);
    const keys = ((await (await t.call('GET', '/api/certificates/keys')).json()) as { keys: Array<{ kid: string }> })
      .keys;
    expect(keys.map((k) => k.kid).sort()).toEqual([oldKid, fileKid].sort());
    for (const r of rows.rows) {
      expect(await (await t.call('GET', `/verifikasi/${r.id}`)).text()).toContain('Sertifikat sah');
    }
  });
});

describeEachStore('certificates in the region report', (kind) => {
  const t = useTestApp(kind);

  it('counts the certificates held (not revoked) per region, in the report and its CSV', async () => {
    await seedQuizzes(t.store);
    await loadRegions(t.store, { under: '34.02' });
    const pass = async (username: string, desaCode: string) => {
      const { id } = await ensureUser(t.store, { username, name: username, role: 'learner', desaCode });
      const deviceId = randomUUID();
      const { token } = await createSession(t.store, id, deviceId);
      const { attempt, answers } = attemptWithAnswers(id, 'posttest', [true, true]);
      const res = await t.app.request('/api/sync/push', pushInit(token, { deviceId, items: [...answers, attempt] }));
      expect(res.status).toBe(200);
      return id;
    };
    await pass('srandakan-1', '34.02.01.2001');
    await pass('srandakan-2', '34.02.01.2002');
    const revoked = await pass('srandakan-3', '34.02.01.2002');
    await pass('sanden-1', '34.02.02.2001');
    const admin = await learnerWithToken(t.store, 'admin-report', 'admin');
    const [{ id }] = (
      await t.store.query<{ id: string }>(`SELECT id FROM certificates WHERE learner_id = $1`, [revoked])
    ).rows as [{ id: string }];
    await t.call('POST', `/api/certificates/${id}/revoke`, { token: admin.token, json: { reason: 'Data keliru' } });

    const res = await t.call('GET', '/api/reports/regions/34.02', { token: admin.token });
    expect(res.status).toBe(200);
    const report = (await res.json()) as RegionReportResponse;
    expect(report.totals.certificates).toBe(3);
    const byCode = new Map(report.children.map((c) => [c.code, c.certificates]));
    expect(byCode.get('34.02.01')).toBe(2); // srandakan-1 and -2; -3 was revoked
    expect(byCode.get('34.02.02')).toBe(1);
    expect(byCode.get('34.02.03')).toBe(0);

    const csv = await (await t.call('GET', '/api/reports/regions/34.02/csv', { token: admin.token })).text();
    const rows = Papa.parse<string[]>(csv.replace(/^\uFEFF/, '').trim(), { delimiter: ';' }).data;
    const column = rows[0]!.indexOf('Sertifikat terbit');
    expect(column).toBeGreaterThan(0);
    const cell = (code: string) => rows.find((r) => r[0] === code)?.[column];
    expect([cell('34.02'), cell('34.02.01'), cell('34.02.02')]).toEqual(['3', '2', '1']);
  });
});

describe('region names on a certificate', () => {
  it('are printed in title case, whatever case the region list uses', () => {
    expect(displayName('KABUPATEN BANTUL')).toBe('Kabupaten Bantul');
    expect(displayName('DKI JAKARTA')).toBe('DKI Jakarta');
    expect(displayName('KOTA ADM. JAKARTA PUSAT')).toBe('Kota Adm. Jakarta Pusat');
    expect(displayName('Srandakan')).toBe('Srandakan');
    expect(displayName('Sumbermulyo')).toBe('Sumbermulyo');
  });
});
