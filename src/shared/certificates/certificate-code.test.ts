// @vitest-environment node
import { encode } from 'uqr';
import { describe, expect, it } from 'vitest';
import {
  encodeCertificate,
  issuerKeyId,
  readCertificateContent,
  toBase64Url,
  verifyCertificate,
  type CertificateContent,
  type IssuerPublicKey,
} from './certificate-code';

const content: CertificateContent = {
  id: 'K7Q2M9XW4PZR',
  learnerName: 'Siti Rahayu',
  jabatan: 'Sekretaris Desa',
  desa: 'Trimurti',
  kecamatan: 'Srandakan',
  kabupaten: 'Kabupaten Bantul',
  provinsi: 'Daerah Istimewa Yogyakarta',
  courseTitle: 'Perencanaan Pembangunan Desa — RPJMDes & RKPDes',
  courseVersion: '1.0.0',
  score: 87.5,
  issuedOn: '2026-12-01',
  issuer: 'Lentera',
};

async function issuer(): Promise<{ privateKey: CryptoKey; trusted: IssuerPublicKey }> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  return { privateKey: pair.privateKey, trusted: { kid: await issuerKeyId(raw), publicKey: toBase64Url(raw) } };
}

describe('certificate code', () => {
  it('round-trips the content, verifies against the trusted key and holds ASCII only', async () => {
    const { privateKey, trusted } = await issuer();
    const code = await encodeCertificate(content, privateKey, trusted.kid);
    expect(code).toMatch(/^LC1\.[A-Za-z0-9_-]{8}\.\[.*\]\.[A-Za-z0-9_-]{86}$/);
    expect(code).toMatch(/^[\x20-\x7e]+$/);
    expect(await verifyCertificate(code, [trusted])).toEqual({ ok: true, content, kid: trusted.kid });
    expect(readCertificateContent(code)).toEqual(content);
  });

  it('fits a QR of version 15 or lower at error correction M, even with long names', async () => {
    const { privateKey, trusted } = await issuer();
    const long: CertificateContent = {
      ...content,
      learnerName: 'Raden Ajeng Sri Wahyuningsih Kusumawardhani',
      jabatan: 'Kepala Urusan Perencanaan',
      desa: 'Sumbermulyo Kidul',
      kecamatan: 'Bambanglipuro',
      courseTitle: 'Penatausahaan, Pelaporan dan Pertanggungjawaban Keuangan Desa (Siskeudes)',
      courseVersion: '12.10.3',
    };
    const code = await encodeCertificate(long, privateKey, trusted.kid);
    expect(code.length).toBeLessThan(520);
    expect(encode(code, { ecc: 'M', border: 4 }).version).toBeLessThanOrEqual(15);
  });

  it('still verifies with surrounding whitespace from a paste', async () => {
    const { privateKey, trusted } = await issuer();
    const code = await encodeCertificate(content, privateKey, trusted.kid);
    expect((await verifyCertificate(`  ${code}\n`, [trusted])).ok).toBe(true);
  });

  it('says "edited" when one character of the content changed', async () => {
    const { privateKey, trusted } = await issuer();
    const code = await encodeCertificate(content, privateKey, trusted.kid);
    const edited = code.replace('87.5', '97.5');
    expect(edited).not.toBe(code);
    expect(await verifyCertificate(edited, [trusted])).toEqual({ ok: false, reason: 'edited' });
  });

  it('says "edited" when the signature was swapped for that of another certificate by the same key', async () => {
    const { privateKey, trusted } = await issuer();
    const a = await encodeCertificate(content, privateKey, trusted.kid);
    const b = await encodeCertificate({ ...content, learnerName: 'Budi' }, privateKey, trusted.kid);
    const mixed = a.slice(0, a.lastIndexOf('.')) + b.slice(b.lastIndexOf('.'));
    expect(await verifyCertificate(mixed, [trusted])).toEqual({ ok: false, reason: 'edited' });
  });

  it('says "unknown_key" for a code signed by a key the phone does not trust', async () => {
    const ours = await issuer();
    const theirs = await issuer();
    const code = await encodeCertificate(content, theirs.privateKey, theirs.trusted.kid);
    expect(await verifyCertificate(code, [ours.trusted])).toEqual({ ok: false, reason: 'unknown_key' });
    expect(await verifyCertificate(code, [])).toEqual({ ok: false, reason: 'unknown_key' });
  });

  it('says "edited" for another key that claims our key id', async () => {
    const ours = await issuer();
    const theirs = await issuer();
    const code = await encodeCertificate(content, theirs.privateKey, ours.trusted.kid);
    expect(await verifyCertificate(code, [ours.trusted])).toEqual({ ok: false, reason: 'edited' });
  });

  it('says "truncated" for a code cut anywhere after its prefix', async () => {
    const { privateKey, trusted } = await issuer();
    const code = await encodeCertificate(content, privateKey, trusted.kid);
    for (const length of [
      4,
      8,
      13,
      20,
      code.indexOf('1.0.0') + 2,
      code.length - 87,
      code.length - 40,
      code.length - 1,
    ]) {
      expect(await verifyCertificate(code.slice(0, length), [trusted]), `cut at ${length}`).toEqual({
        ok: false,
        reason: 'truncated',
      });
    }
  });

  it('says "not_lentera" for text that is not a Lentera certificate', async () => {
    const { trusted } = await issuer();
    for (const text of ['', 'https://example.org/', 'LC', 'LENTERA-ENROL:abc', 'lc1.abc.[].x']) {
      expect(await verifyCertificate(text, [trusted]), text).toEqual({ ok: false, reason: 'not_lentera' });
    }
    expect(readCertificateContent('hello')).toBeNull();
  });

  it('says "not_lentera" for a validly signed code whose content is not a certificate', async () => {
    const { privateKey, trusted } = await issuer();
    const body = `LC1.${trusted.kid}.["only","three","fields"]`;
    const sig = new Uint8Array(
      await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, new TextEncoder().encode(body)),
    );
    expect(await verifyCertificate(`${body}.${toBase64Url(sig)}`, [trusted])).toEqual({
      ok: false,
      reason: 'not_lentera',
    });
  });
});
