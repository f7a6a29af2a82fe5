// @vitest-environment node
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiErrorMessage } from '../../src/app/api/api-error-message';
import { en as learnerEn, id as learnerId } from '../../src/app/i18n/messages';
import { screenEn, screenId } from '../../src/app/i18n/screen-messages';
import { staffEn, staffId } from '../../src/app/i18n/staff-messages';

// An error's message may live in any catalogue: the module that shows it imports the one it needs
// (tests/unit/i18n/lazy-messages.test.ts checks that).
const id: Record<string, string> = { ...learnerId, ...screenId, ...staffId };
const en: Record<string, string> = { ...learnerEn, ...screenEn, ...staffEn };
import { API_ERROR_CODES } from '../../src/shared/api-error-code';

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/**
 * The codes the server's source hands to `apiError`, `CourseProblem`, `CsvFileError` and
 * `ManifestError` as literals (a `token_${…}` template expands to its three reasons).
 */
async function codesInServerSource(): Promise<Set<string>> {
  const found = new Set<string>();
  const call =
    /(?:apiError|CourseProblem|CsvFileError|ManifestError)\(\s*(?:c,\s*)?(?:[\w.]+,\s*)?['`]([a-z_${}.]+)['`]/g;
  for (const file of [...(await sourceFiles('src/server')), ...(await sourceFiles('src/shared'))]) {
    for (const match of (await readFile(file, 'utf8')).matchAll(call)) found.add(match[1]!);
  }
  if (found.delete('token_${session.reason}'))
    for (const r of ['unknown', 'expired', 'revoked']) found.add(`token_${r}`);
  return found;
}

describe('ApiErrorCode', () => {
  it('lists every code the server source answers with', async () => {
    const listed = new Set<string>(API_ERROR_CODES);
    const found = await codesInServerSource();
    expect(found.size).toBeGreaterThan(30);
    expect([...found].filter((code) => !listed.has(code))).toEqual([]);
  });

  it('gives every code a message in Bahasa Indonesia and English', () => {
    for (const code of API_ERROR_CODES) {
      const key = apiErrorMessage(code);
      expect(id[key], code).toBeTruthy();
      expect(en[key], code).toBeTruthy();
    }
    expect(apiErrorMessage('a_code_from_a_newer_server')).toBe('error.unknown');
    expect(apiErrorMessage('invalid_request', { invalid_request: 'enrol.error.invalid_request' })).toBe(
      'enrol.error.invalid_request',
    );
  });
});
