import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { loadRegions } from '../../src/server/regions/load-regions';
import type { PushResponse } from '../../src/shared/sync/protocol';
import { answerItem, countStored, learnerWithToken, progressItem, seedQuizzes } from './sync-fixtures';
import { useTestApp } from './test-app';
import { describeEachStore } from './test-stores';

// No input gives a 5xx. Bodies and parameters of the routes an outside client reaches first, built
// from arbitrary Unicode (lone surrogates, NUL, astral planes), numbers JSON.parse turns into
// Infinity (sent as raw text: `1e999`), deep nesting and wrong types. Each property runs a fixed number
// of times from a random seed; fast-check prints the seed and path of a failure, and
// LENTERA_FC_SEED=<seed> replays it.

const SEED = process.env.LENTERA_FC_SEED ? Number(process.env.LENTERA_FC_SEED) : Date.now() ^ (Math.random() * 2 ** 31);
const options = (numRuns: number) => ({ numRuns, seed: SEED, endOnFailure: true });

/** A JSON value that may hold number tokens JSON.stringify cannot write (`1e999`, `-0`, 40 digits). */
type RawJson = { raw: string } | string | number | boolean | null | RawJson[] | { [key: string]: RawJson };

const isRaw = (v: RawJson): v is { raw: string } =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && 'raw' in v;

/** JSON text of `v`; strings keep lone surrogates as `\ud800` escapes, which JSON.parse turns back into them. */
function toJson(v: RawJson): string {
  if (isRaw(v)) return v.raw;
  if (Array.isArray(v)) return `[${v.map(toJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${toJson(x)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

const nasty = fc.constantFrom('\u0000', '\ud800', '\udfff', 'a\ud83d', '\ude00b', '😀', '𝔏𝔢𝔫𝔱𝔢𝔯𝔞', '\u202e', '%00', '');
const textArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 20 }), // every code point, lone surrogates included
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.tuple(fc.string({ maxLength: 8 }), nasty, fc.string({ maxLength: 8 })).map(([a, b, c]) => a + b + c),
  fc.string({ minLength: 300, maxLength: 2000 }),
);
const numberArb: fc.Arbitrary<RawJson> = fc.oneof(
  fc
    .constantFrom('1e999', '-1e999', '1e308', '-0', '4.9e-324', '123456789012345678901234567890')
    .map((raw) => ({ raw })),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);
/** `depth` arrays or objects around one value: a few thousand levels. */
const deepArb: fc.Arbitrary<RawJson> = fc
  .tuple(fc.integer({ min: 50, max: 5000 }), fc.boolean())
  .map(([depth, arrays]) => ({
    raw: arrays ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
  }));
const { value: valueArb } = fc.letrec<{ value: RawJson }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    textArb,
    numberArb,
    fc.boolean(),
    fc.constant(null),
    deepArb,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(textArb, tie('value'), { maxKeys: 4 }),
  ),
}));
/** Either a plausible value for a field (`good`) or anything at all, or the field left out. */
const field = (good: fc.Arbitrary<RawJson>) => fc.option(fc.oneof(good, good, valueArb), { nil: undefined, freq: 6 });
/** An object of `fields`, sometimes with extra keys. */
const bodyArb = (fields: Record<string, fc.Arbitrary<RawJson>>) =>
  fc
    .tuple(
      fc.record(Object.fromEntries(Object.entries(fields).map(([k, a]) => [k, field(a)]))),
      fc.option(fc.dictionary(textArb, valueArb, { minKeys: 1, maxKeys: 2 }), { nil: {}, freq: 4 }),
    )
    .map(([known, extra]) => {
      const body: Record<string, RawJson> = { ...extra };
      for (const [k, v] of Object.entries(known)) if (v !== undefined) body[k] = v;
      return body as RawJson;
    });
/** Sometimes not an object at all, or cut short. */
const jsonTextArb = (body: fc.Arbitrary<RawJson>) =>
  fc.oneof(
    { weight: 8, arbitrary: body.map(toJson) },
    { weight: 1, arbitrary: valueArb.map(toJson) },
    { weight: 1, arbitrary: fc.tuple(body.map(toJson), fc.nat()).map(([s, n]) => s.slice(0, n % (s.length + 1))) },
  );
const uuidArb = fc.uuid().map((u) => u as RawJson);

/** Percent-encodes like a client would, writing a lone surrogate as its (invalid) UTF-8 bytes. */
function encodeLoose(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return [...s]
      .map((ch) => {
        const unit = ch.charCodeAt(0);
        if (ch.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
          const bytes = [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)];
          return bytes.map((b) => `%${b.toString(16).toUpperCase()}`).join('');
        }
        return encodeURIComponent(ch);
      })
      .join('');
  }
}

describeEachStore('no input gives a 5xx (property)', (kind) => {
  const t = useTestApp(kind);
  const tokens = { admin: '', operator: '', learner: '' };
  let address = 0;
  beforeAll(async () => {
    await loadRegions(t.store, { under: '34.02' });
    await seedQuizzes(t.store);
    tokens.admin = (await learnerWithToken(t.store, 'prop-admin', 'admin')).token;
    const operator = await learnerWithToken(t.store, 'prop-operator', 'operator');
    await t.store.query(`UPDATE users SET region_code = '34.02.01' WHERE id = $1`, [operator.id]);
    tokens.operator = operator.token;
  });

  /** A request from its own address each time, so the sign-in limits do not turn every later case into a 429. */
  const send = async (path: string, init: RequestInit & { token?: string }) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
    address++;
    const res = await t.app.request(
      path,
      { ...init, headers },
      {
        incoming: { socket: { remoteAddress: `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}` } },
      },
    );
    const text = await res.text();
    expect(res.status, `${path} answered ${res.status}: ${text.slice(0, 300)}`).toBeLessThan(500);
    return { status: res.status, text };
  };
  const postJson = (path: string, body: string, token?: string) =>
    send(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body, ...(token ? { token } : {}) });

  it('login', async () => {
    const body = bodyArb({ username: fc.constantFrom('prop-admin', 'siti'), password: textArb, deviceId: uuidArb });
    await fc.assert(
      fc.asyncProperty(jsonTextArb(body), (text) => postJson('/api/auth/login', text).then(() => {})),
      options(40),
    );
  });

  it('enrolDevice', async () => {
    const body = bodyArb({ code: fc.constantFrom('ABCDE-FGHJK', '0000000000'), deviceId: uuidArb });
    await fc.assert(
      fc.asyncProperty(jsonTextArb(body), (text) => postJson('/api/auth/enrol', text).then(() => {})),
      options(40),
    );
  });

  it('createUser', async () => {
    let n = 0;
    const body = bodyArb({
      username: fc.constant(null).map(() => `prop-u-${n++}`),
      name: textArb,
      desaCode: fc.constantFrom('34.02.01.2001', '34.02.02.2001', '99.99.99.9999'),
      role: fc.constantFrom('learner', 'operator', 'monitor', 'author', 'admin', 'root'),
      regionCode: fc.constantFrom('34.02.01', '99.99', '34'),
      password: fc.constantFrom('kata-sandi-panjang', 'pendek'),
    });
    await fc.assert(
      fc.asyncProperty(
        jsonTextArb(body),
        fc.constantFrom('admin', 'operator') as fc.Arbitrary<'admin' | 'operator'>,
        (text, who) => postJson('/api/users', text, tokens[who]).then(() => {}),
      ),
      options(40),
    );
  });

  it('importLearners', async () => {
    const cell = fc.oneof(textArb, fc.constantFrom('34.02.01.2001', '"', '""', '=1+1', ';', '\r\n'));
    const rowArb = fc.array(cell, { minLength: 1, maxLength: 7 }).map((cells) => cells.join(','));
    const csvArb = fc.oneof(
      fc
        .tuple(fc.boolean(), fc.array(rowArb, { maxLength: 6 }))
        .map(([header, rows]) =>
          new TextEncoder().encode(
            [...(header ? ['nama,username,kode_desa,jabatan,telepon,nip'] : []), ...rows].join('\n'),
          ),
        ),
      fc.uint8Array({ maxLength: 300 }), // any bytes: not UTF-8, a BOM, NUL
    );
    await fc.assert(
      fc.asyncProperty(csvArb, fc.constantFrom('text/csv', 'text/plain', 'application/octet-stream'), (bytes, type) =>
        send('/api/learners/import', {
          method: 'POST',
          headers: { 'Content-Type': type },
          body: bytes,
          token: tokens.operator,
        }).then(() => {}),
      ),
      options(40),
    );
  });

  it('searchRegions', async () => {
    const paramArb = fc.oneof(textArb, fc.constantFrom('34.02', '', '%', '%E0%A4%A', '+', '100%25'));
    const queryArb = fc.dictionary(fc.constantFrom('q', 'parent', 'within', 'limit', 'x'), paramArb, { maxKeys: 4 });
    await fc.assert(
      fc.asyncProperty(queryArb, fc.boolean(), (query, loose) => {
        const search = Object.entries(query)
          .map(([k, v]) => `${k}=${loose && v.includes('%') ? v : encodeLoose(v)}`)
          .join('&');
        return send(`/api/regions?${search}`, { method: 'GET', token: tokens.operator }).then(() => {});
      }),
      options(60),
    );
  });

  it('createStaff', async () => {
    let n = 0;
    const body = bodyArb({
      username: fc.constant(null).map(() => `prop-s-${n++}`),
      name: textArb,
      role: fc.constantFrom('operator', 'monitor', 'author', 'admin', 'learner', 'root'),
      regionCode: fc.constantFrom('34.02.01', '34.02', '99.99', '34', '34.02.01.2001'),
    });
    await fc.assert(
      fc.asyncProperty(jsonTextArb(body), (text) => postJson('/api/staff', text, tokens.admin).then(() => {})),
      options(40),
    );
  });

  it('listAuditLog and listSyncedDevices: any query', async () => {
    const paramArb = fc.oneof(
      textArb,
      fc.constantFrom(
        '34.02',
        '34.02.01',
        '99.99',
        '',
        '%',
        'staff.create',
        '2026-12-01T00:00:00Z',
        '0000-01-01T00:00:00Z',
        '+275760-09-13T00:00:00Z',
        '99999999999999999999',
      ),
    );
    const queryArb = fc.dictionary(fc.constantFrom('region', 'action', 'before', 'limit', 'since', 'x'), paramArb, {
      maxKeys: 4,
    });
    await fc.assert(
      fc.asyncProperty(
        queryArb,
        fc.constantFrom('/api/audit', '/api/reports/regions/34.02.01/synced'),
        (query, path) => {
          const search = Object.entries(query)
            .map(([k, v]) => `${k}=${encodeLoose(v)}`)
            .join('&');
          return send(`${path}?${search}`, { method: 'GET', token: tokens.admin }).then(() => {});
        },
      ),
      options(60),
    );
  });

  it('syncPush: never a 5xx, and the valid items of a batch are always stored', async () => {
    const learner = await learnerWithToken(t.store, 'prop-learner');
    let clock = 1_000_000;
    const validItem = fc.oneof(
      fc
        .tuple(fc.integer({ min: 0, max: 9 }), fc.boolean(), fc.double({ min: 0, max: 1, noNaN: true }))
        .map(([l, completed, position]) =>
          progressItem(learner.id, `l${l}`, {
            completed,
            position,
            hlc: `${String(++clock).padStart(13, '0')}:0000:dev`,
          }),
        ),
      fc.boolean().map((correct) => answerItem(learner.id, randomUUID(), 'latihan-1', 'q1', correct)),
    );
    /** A valid item with a fresh id and one field replaced by anything at all (it may still be valid). */
    const mangled = fc.tuple(validItem, fc.nat(), valueArb).map(([item, which, value]) => {
      const copy = { ...item, id: randomUUID() } as Record<string, RawJson>;
      const keys = Object.keys(copy);
      copy[keys[which % keys.length]!] = value;
      return copy as RawJson;
    });
    const entryArb = fc.oneof(
      { weight: 3, arbitrary: validItem.map((item) => ({ valid: true, item: item as unknown as RawJson })) },
      { weight: 3, arbitrary: mangled.map((item) => ({ valid: false, item })) },
      { weight: 1, arbitrary: valueArb.map((item) => ({ valid: false, item })) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(entryArb, { minLength: 1, maxLength: 12 }), fc.boolean(), async (entries, gzip) => {
        const text = toJson({ deviceId: learner.deviceId, items: entries.map((e) => e.item) });
        const res = await send('/api/sync/push', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...(gzip ? { 'Content-Encoding': 'gzip' } : {}) },
          body: gzip ? gzipSync(text) : text,
          token: learner.token,
        });
        expect(res.status, res.text.slice(0, 300)).toBe(200);
        const { results } = JSON.parse(res.text) as PushResponse;
        const valid = entries.flatMap((e, index) => (e.valid ? [{ index, id: (e.item as { id: string }).id }] : []));
        for (const { index, id } of valid)
          expect(results[index], `item ${index}`).toMatchObject({ id, status: 'accepted' });
        const stored = await countStored(
          t.store,
          valid.map((v) => v.id),
        );
        expect(valid.filter((v) => stored.get(v.id) !== 1)).toEqual([]);
      }),
      options(40),
    );
  });
});
