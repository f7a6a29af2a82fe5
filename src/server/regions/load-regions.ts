import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Papa from 'papaparse';
import type { Store } from '../store/store';

const require = createRequire(import.meta.url);
const PACKAGE_DIR = dirname(require.resolve('idn-area-data/package.json'));
const FILES = ['provinces.csv', 'regencies.csv', 'districts.csv', 'villages.csv'] as const;
/** Rows per INSERT: one statement carries a JSON array, so 83k villages take a few dozen round trips. */
const BATCH = 5000;

export interface RegionRow {
  code: string;
  parent_code: string | null;
  level: number;
  name: string;
}

export interface LoadRegionsOptions {
  /** Load only this region and what lies inside it (tests use one province to stay fast). */
  under?: string;
}

/** Reads every level of the Kemendagri hierarchy from the installed idn-area-data package. */
export async function readRegionRows(options: LoadRegionsOptions = {}): Promise<RegionRow[]> {
  const rows: RegionRow[] = [];
  const under = options.under;
  for (const file of FILES) {
    const text = await readFile(join(PACKAGE_DIR, 'data', file), 'utf8');
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
    if (parsed.errors.length > 0) throw new Error(`idn-area-data ${file}: ${parsed.errors[0]!.message}`);
    for (const r of parsed.data) {
      const code = r.code!;
      if (under && code !== under && !code.startsWith(`${under}.`) && !under.startsWith(`${code}.`)) continue;
      const parts = code.split('.');
      rows.push({
        code,
        parent_code: parts.length > 1 ? parts.slice(0, -1).join('.') : null,
        level: parts.length,
        name: r.name!,
      });
    }
  }
  return rows;
}

/**
 * Loads the region hierarchy into the store, once: the package version is recorded in `meta`, so
 * later starts skip the work; a newer package version upserts changed names and new codes.
 * @example await loadRegions(store) // { loaded: 91629, skipped: false }
 */
export async function loadRegions(
  store: Store,
  options: LoadRegionsOptions = {},
): Promise<{ loaded: number; skipped: boolean }> {
  const pkg = JSON.parse(await readFile(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string };
  const stamp = `idn-area-data@${pkg.version}${options.under ? ` under ${options.under}` : ''}`;
  const done = await store.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'regions_source'`);
  if (done.rows[0]?.value === stamp) return { loaded: 0, skipped: true };
  const rows = await readRegionRows(options);
  await store.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += BATCH) {
      await tx.query(
        `INSERT INTO regions (code, parent_code, level, name)
         SELECT code, parent_code, level, name
         FROM json_to_recordset($1::text::json) AS r(code text, parent_code text, level smallint, name text)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name WHERE regions.name <> EXCLUDED.name`,
        [JSON.stringify(rows.slice(i, i + BATCH))],
      );
    }
    await tx.query(
      `INSERT INTO meta (key, value) VALUES ('regions_source', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [stamp],
    );
  });
  return { loaded: rows.length, skipped: false };
}
