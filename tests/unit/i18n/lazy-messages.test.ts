// @vitest-environment node
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { id } from '../../../src/app/i18n/messages';
import { screenEn, screenId } from '../../../src/app/i18n/screen-messages';
import { staffEn, staffId } from '../../../src/app/i18n/staff-messages';

// The learner's first load carries only `messages.ts`; staff texts come with the staff chunks, and the texts of
// learner screens that load on demand with those screens (`screen-messages.ts`). These checks keep it so as
// screens are added: a module that used a text whose catalogue it does not import could show the key instead.

const APP = resolve(__dirname, '../../../src/app');
/** The catalogues loaded on demand, each with its texts (Bahasa Indonesia and English). */
const LAZY = [
  { name: 'staff', file: join(APP, 'i18n/staff-messages.ts'), id: staffId, en: staffEn },
  { name: 'screen', file: join(APP, 'i18n/screen-messages.ts'), id: screenId, en: screenEn },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The module a relative specifier names (`./x` → x.ts, x.tsx or x/index.ts[x]). */
function resolveModule(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Static imports only (not `import type`, not `import()`): what lands in the importer's chunk. */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/^import\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?'(\.[^']+)'/gm)].map((m) => m[1]!);
  return specs.map((spec) => resolveModule(file, spec)).filter((f): f is string => f !== null);
}

const usesKeyOf = (keys: string[], text: string) =>
  keys.find((key) => text.includes(`'${key}'`) || text.includes(`\`${key}\``));

describe.each(LAZY)(
  'the $name catalogue stays out of the learner’s first load',
  ({ file: catalogueFile, id: lazyId, en: lazyEn }) => {
    const keys = Object.keys(lazyId);

    it('has every text in both languages, and none also in another catalogue', () => {
      expect(Object.keys(lazyEn).sort()).toEqual([...keys].sort());
      expect(keys.filter((key) => key in id)).toEqual([]);
      const others = LAZY.filter((c) => c.file !== catalogueFile).flatMap((c) => Object.keys(c.id));
      expect(keys.filter((key) => others.includes(key))).toEqual([]);
    });

    it('no module the learner’s app loads at start imports it or uses one of its texts', () => {
      const seen = new Set<string>();
      const queue = [join(APP, 'main.tsx')];
      while (queue.length > 0) {
        const file = queue.pop()!;
        if (seen.has(file)) continue;
        seen.add(file);
        queue.push(...staticImports(file).filter((f) => f.startsWith(APP)));
      }
      expect(seen.size).toBeGreaterThan(20);
      const offenders = [...seen]
        .map((file) => ({
          file: relative(APP, file),
          key: file === catalogueFile ? 'imports it' : usesKeyOf(keys, readFileSync(file, 'utf8')),
        }))
        .filter((o) => o.key !== undefined);
      expect(offenders).toEqual([]);
    });

    it('every module that uses one of its texts imports it, so the text is there when it renders', () => {
      const missing = sourceFiles(APP)
        .filter((file) => file !== catalogueFile && usesKeyOf(keys, readFileSync(file, 'utf8')) !== undefined)
        .filter((file) => !staticImports(file).includes(catalogueFile))
        .map((file) => relative(APP, file));
      expect(missing).toEqual([]);
    });
  },
);
