import { beforeAll, describe, expect, it } from 'vitest';
import { buildCourse } from '../../cli/course/build-course';
import type { CourseManifest } from '../../shared/course/manifest';
import { DeltaMismatch, applyManifestDelta } from '../../shared/course/manifest-delta';
import { diffManifestText } from './diff-manifest-text';

const hash = (c: string) => c.repeat(64);

describe('manifest delta: diff on the server, rebuild on the phone', () => {
  let base: CourseManifest;
  let baseText: string;
  const rebuilt = (next: CourseManifest) => {
    const text = JSON.stringify(next);
    const ops = diffManifestText(baseText, text);
    expect(ops).not.toBeNull();
    expect(applyManifestDelta(baseText, ops!)).toBe(text);
    return { ops: ops!, text };
  };

  beforeAll(async () => {
    base = (await buildCourse('content/perencanaan-pembangunan-desa')).manifest;
    baseText = JSON.stringify(base);
  });

  it('a changed lesson: the ops carry only the new version, date and hash, far smaller than the manifest', () => {
    const next = structuredClone(base);
    const lesson = next.modules[0]!.lessons[0]!;
    const entry = next.files.find((f) => f.hash === lesson.file)!;
    next.version = '1.1.0';
    next.publishedAt = '2026-12-01T10:00:00.000Z';
    lesson.file = entry.hash = hash('e');
    entry.size += 31;
    const { ops } = rebuilt(next);
    const inserted = ops.filter((op) => typeof op === 'string').join('');
    expect(inserted).toContain('1.1.0');
    expect(inserted.split(hash('e')).length - 1).toBe(2);
    expect(JSON.stringify(ops).length).toBeLessThan(320);
    expect(baseText.length).toBeGreaterThan(5000);
  });

  it('added, removed and reordered files rebuild byte for byte', () => {
    const next = structuredClone(base);
    next.files.push({ hash: hash('a'), size: 12, path: 'media/baru.svg', type: 'image/svg+xml' });
    next.files.splice(2, 1);
    next.files.reverse();
    rebuilt(next);
  });

  it('changed metadata (title, description with non-ASCII text, a quiz policy) rebuilds byte for byte', () => {
    const next = structuredClone(base);
    next.title = 'Perencanaan Pembangunan Desa — edisi 2 “baru” ✓';
    next.description = 'Baris satu\nbaris "dua" \\ tiga 😀';
    next.modules[0]!.title = 'Modul pertama';
    const quiz = next.modules.flatMap((m) => m.quizzes)[0]!;
    quiz.maxAttempts = 5;
    rebuilt(next);
  });

  it('an identical version is an empty edit; a completely different text is refused past the edit limit', () => {
    expect(applyManifestDelta(baseText, diffManifestText(baseText, baseText)!)).toBe(baseText);
    const other = JSON.stringify({ ...base, files: base.files.map((f, i) => ({ ...f, hash: hash(String(i % 10)) })) });
    expect(diffManifestText(baseText, other, 10)).toBeNull();
  });

  it('random edits of a text of JSON-like tokens always rebuild exactly', () => {
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const pieces = ['{', '}', '[', ']', ',', ':', '"a"', '"b\\"c"', '12', 'true', ' ', '"ü"'];
    for (let round = 0; round < 200; round++) {
      const a = Array.from({ length: 40 }, () => pieces[random(pieces.length)]).join('');
      const chars = [...a];
      for (let e = random(6); e >= 0; e--) chars.splice(random(chars.length + 1), random(3), pieces[random(12)]!);
      const b = chars.join('');
      expect(applyManifestDelta(a, diffManifestText(a, b)!)).toBe(b);
    }
  });

  it('ops that do not fit the installed text are refused (DeltaMismatch), never applied in part', () => {
    expect(() => applyManifestDelta('abc', [4])).toThrow(DeltaMismatch);
    expect(() => applyManifestDelta('abc', [2])).toThrow(DeltaMismatch);
    expect(() => applyManifestDelta('abc', [1, -3])).toThrow(DeltaMismatch);
    expect(applyManifestDelta('abc', [1, -1, 'X', 1])).toBe('aXc');
  });
});
