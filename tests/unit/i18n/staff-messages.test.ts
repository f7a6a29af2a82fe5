// @vitest-environment node
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { id } from '../../../src/app/i18n/messages';
import { staffEn, staffId } from '../../../src/app/i18n/staff-messages';

// The learner's first load carries only `messages.ts`; staff texts come with the staff chunks. These checks keep
// it so as screens are added: a learner screen that used a staff text would show its key instead.

const APP = resolve(__dirname, '../../../src/app');
const STAFF_CATALOGUE = join(APP, 'i18n/staff-messages.ts');

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
  const specs = [...text.matchAll(/^import\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?'(\.[^']+)'/gm)].map((m) => m[1]);
  return specs.map((spec) => resolveModule(file, spec)).filter((f): f is string => f !== null);
}

const staffKeys = Object.keys(staffId);
const usesStaffKey = (text: string) =>
  staffKeys.find((key) => text.includes(`'${key}'`) || text.includes(`\`${key}\``));

describe('the staff screens’ texts stay out of the learner’s first load', () => {
  it('has every staff text in both languages, and none also in the learner catalogue', () => {
    expect(Object.keys(staffEn).sort()).toEqual([...staffKeys].sort());
    expect(staffKeys.filter((key) => key in id)).toEqual([]);
  });

  it('no module the learner’s app loads at start imports the staff catalogue or uses a staff text', () => {
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
        key: file === STAFF_CATALOGUE ? 'imports it' : usesStaffKey(readFileSync(file, 'utf8')),
      }))
      .filter((o) => o.key !== undefined);
    expect(offenders).toEqual([]);
  });

  it('every module that uses a staff text imports the staff catalogue, so its text is there when it renders', () => {
    const missing = sourceFiles(APP)
      .filter((file) => file !== STAFF_CATALOGUE && usesStaffKey(readFileSync(file, 'utf8')) !== undefined)
      .filter((file) => !staticImports(file).includes(STAFF_CATALOGUE))
      .map((file) => relative(APP, file));
    expect(missing).toEqual([]);
  });
});
