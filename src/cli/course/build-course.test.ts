import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../shared/course/bytes';
import { FILE_CHUNK_BYTES } from '../../shared/course/manifest';
import { manifestQuizzes, parseManifestText, verifySignedManifest } from '../../shared/course/manifest-signature';
import type { QuizDocument } from '../../shared/quiz/question';
import { buildCourse } from './build-course';
import { readPackageFolder, writePackageFolder } from './package-folder';
import { generatePublisherKey } from './publisher-key';

const DEMO = ['perencanaan-pembangunan-desa', 'pengelolaan-keuangan-desa'];
const temps: string[] = [];
afterAll(() => Promise.all(temps.map((d) => rm(d, { recursive: true, force: true }))));

/** A copy of a demo course that a test may break. */
async function copyOfDemo(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lentera-course-'));
  temps.push(dir);
  await cp('content/perencanaan-pembangunan-desa', dir, { recursive: true });
  return dir;
}

describe('course build', () => {
  for (const name of DEMO) {
    it(`builds the demo course ${name} into a signed, verifiable package`, async () => {
      const built = await buildCourse(`content/${name}`);
      const m = built.manifest;
      expect(m.id).toBe(name);
      expect(m.modules.length).toBeGreaterThanOrEqual(3);
      expect(m.modules.flatMap((x) => x.lessons).length).toBeGreaterThanOrEqual(8);
      expect(m.modules.every((x) => x.quizzes.some((q) => q.mode === 'latihan'))).toBe(true);
      expect(m.pretest).toMatchObject({ mode: 'ujian', role: 'pretest' });
      expect(m.posttest).toMatchObject({ mode: 'ujian', role: 'posttest' });
      expect(m.pretest!.questionCount).toBeGreaterThanOrEqual(10);
      expect(m.posttest!.questionCount).toBeGreaterThanOrEqual(10);
      const types = m.files.map((f) => f.type);
      expect(types).toEqual(expect.arrayContaining(['image/svg+xml', 'audio/wav', 'application/pdf']));
      for (const f of m.files) {
        const bytes = built.files.get(f.hash)!.bytes;
        expect(await sha256Hex(bytes)).toBe(f.hash);
        expect(bytes.length).toBe(f.size);
        // One SHA-256 per 256 KiB piece of every file larger than a piece (the video), none for the others.
        const pieces: string[] = [];
        for (let at = 0; f.size > FILE_CHUNK_BYTES && at < f.size; at += FILE_CHUNK_BYTES) {
          pieces.push(await sha256Hex(bytes.subarray(at, at + FILE_CHUNK_BYTES)));
        }
        expect(f.chunks).toEqual(f.size > FILE_CHUNK_BYTES ? pieces : undefined);
      }
      expect(m.files.some((f) => f.type.startsWith('video/') && f.chunks!.length > 1)).toBe(true);

      const out = await mkdtemp(join(tmpdir(), 'lentera-pkg-'));
      temps.push(out);
      await writePackageFolder(built, await generatePublisherKey(), out);
      const pkg = await readPackageFolder(out);
      expect(await verifySignedManifest(pkg.envelope)).toEqual(m);
      expect(pkg.files.size).toBe(m.files.length);
    });
  }

  it('refuses a manifest whose chunks do not list one hash per 256 KiB, and reads one without chunks', async () => {
    const m = (await buildCourse('content/perencanaan-pembangunan-desa')).manifest;
    const video = m.files.findIndex((f) => f.chunks);
    const withChunks = (chunks: string[] | undefined, at = video) =>
      JSON.stringify({ ...m, files: m.files.map((f, i) => (i === at ? { ...f, chunks } : f)) });
    expect(() => parseManifestText(withChunks(m.files[video]!.chunks!.slice(1)))).toThrow(/one SHA-256 per 256 KiB/);
    expect(() => parseManifestText(withChunks([...m.files[video]!.chunks!, m.files[video]!.hash]))).toThrow(
      /one SHA-256 per 256 KiB/,
    );
    const small = m.files.findIndex((f) => f.size <= FILE_CHUNK_BYTES);
    expect(() => parseManifestText(withChunks([m.files[small]!.hash], small))).toThrow(/one SHA-256 per 256 KiB/);
    expect(() => parseManifestText(withChunks(m.files[video]!.chunks!.map(() => 'xyz')))).toThrow(/SHA-256/);
    // A manifest written before per-piece hashes (no `chunks` anywhere) still reads.
    const old = parseManifestText(JSON.stringify({ ...m, files: m.files.map(({ chunks: _, ...f }) => f) }));
    expect(old.files.every((f) => f.chunks === undefined)).toBe(true);
  });

  it('ships ujian quizzes to the device without keys or feedback, and latihan with them', async () => {
    const built = await buildCourse('content/pengelolaan-keuangan-desa');
    for (const ref of manifestQuizzes(built.manifest)) {
      const device = JSON.parse(new TextDecoder().decode(built.files.get(ref.file)!.bytes)) as QuizDocument;
      const full = built.serverQuizzes.find((q) => q.id === ref.id)!;
      expect(Object.keys(full.keys!)).toHaveLength(ref.questionCount);
      expect(device.questions).toEqual(full.questions);
      if (ref.mode === 'ujian') {
        expect(device.keys).toBeUndefined();
        expect(device.explanations).toBeUndefined();
        expect(JSON.stringify(device)).not.toContain('feedback');
      } else {
        expect(device.keys).toEqual(full.keys);
      }
    }
  });

  it('takes question ids from the "// id:" line before each question', async () => {
    const built = await buildCourse('content/perencanaan-pembangunan-desa');
    const quiz = built.serverQuizzes.find((q) => q.id === 'latihan-m1')!;
    expect(quiz.questions.map((q) => q.id).slice(0, 2)).toEqual(['q-ppd-m1-01', 'q-ppd-m1-02']);
    expect(quiz.keys!['q-ppd-m1-01']).toMatchObject({ type: 'single', correct: 'a' });
    expect(quiz.keys!['q-ppd-m1-02']).toEqual({ type: 'numeric', ranges: [{ min: 8, max: 8 }] });
  });

  it('reads a quiz written in the plain YAML form', async () => {
    const dir = await copyOfDemo();
    await writeFile(
      join(dir, 'quizzes/cek-yaml.yaml'),
      [
        'questions:',
        '  - { id: q-yaml-1, type: truefalse, text: "Musrenbangdes membahas rancangan RKP Desa." }',
        'keys:',
        '  q-yaml-1: { type: truefalse, correct: true }',
      ].join('\n'),
    );
    const yaml = join(dir, 'course.yaml');
    await writeFile(
      yaml,
      (await readFile(yaml, 'utf8')).replace(
        '        title: Latihan Modul 1\n        mode: latihan\n',
        '        title: Latihan Modul 1\n        mode: latihan\n      - file: quizzes/cek-yaml.yaml\n        title: Cek YAML\n        mode: latihan\n',
      ),
    );
    const built = await buildCourse(dir);
    const quiz = built.serverQuizzes.find((q) => q.id === 'cek-yaml')!;
    expect(quiz).toMatchObject({ title: 'Cek YAML', mode: 'latihan', keys: { 'q-yaml-1': { correct: true } } });
    expect(built.manifest.modules[0]!.quizzes.map((q) => q.id)).toEqual(['latihan-m1', 'cek-yaml']);

    await writeFile(join(dir, 'quizzes/cek-yaml.yaml'), 'questions:\n  - { id: q1, type: essay, text: x }\n');
    await expect(buildCourse(dir)).rejects.toThrow(/quizzes\/cek-yaml\.yaml:1: questions\.0/);
  });

  it("reads an Aiken quiz file (Moodle's .txt) with the same parser as the author API", async () => {
    const dir = await copyOfDemo();
    await writeFile(
      join(dir, 'quizzes/cek-aiken.txt'),
      'Siapa yang memimpin musyawarah desa?\nA. Ketua BPD\nB. Camat\nANSWER: A\n',
    );
    const yaml = join(dir, 'course.yaml');
    await writeFile(
      yaml,
      (await readFile(yaml, 'utf8')).replace(
        '        title: Latihan Modul 1\n        mode: latihan\n',
        '        title: Latihan Modul 1\n        mode: latihan\n      - file: quizzes/cek-aiken.txt\n        title: Cek Aiken\n        mode: latihan\n',
      ),
    );
    const quiz = (await buildCourse(dir)).serverQuizzes.find((q) => q.id === 'cek-aiken')!;
    expect(quiz.questions).toMatchObject([{ type: 'single', choices: [{ text: 'Ketua BPD' }, { text: 'Camat' }] }]);
    expect(Object.values(quiz.keys!)).toEqual([{ type: 'single', correct: 'a' }]);
  });

  it('fails on a GIFT syntax error with the file and the line', async () => {
    const dir = await copyOfDemo();
    const file = join(dir, 'quizzes/latihan-m2.gift');
    const lines = (await readFile(file, 'utf8')).split('\n');
    const brace = lines.findIndex((l, i) => i > 5 && l.trim() === '}');
    lines[brace] = '=';
    await writeFile(file, lines.join('\n'));
    const open = lines.slice(0, brace).findLastIndex((l) => l.trimEnd().endsWith('{')) + 1;
    await expect(buildCourse(dir)).rejects.toThrow(`quizzes/latihan-m2.gift:${open}: "{" is not closed by "}"`);
    const err = (await buildCourse(dir).catch((e: unknown) => e)) as { file: string; line: number };
    expect(err.file).toBe(join(dir, 'quizzes/latihan-m2.gift'));
    expect(err.line).toBe(open);
  });

  it('gives a question without an id line the id of its title, as for a file Moodle wrote', async () => {
    const dir = await copyOfDemo();
    const file = join(dir, 'quizzes/latihan-m1.gift');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('// id: q-ppd-m1-03\n', ''));
    const built = await buildCourse(dir);
    const ids = built.serverQuizzes.find((q) => q.id === 'latihan-m1')!.questions.map((q) => q.id);
    expect(ids).toContain('ketua-tim-penyusun');
    expect(ids).toContain('q-ppd-m1-01');
  });

  it('fails on an unknown question type (essay) with file and line', async () => {
    const dir = await copyOfDemo();
    const file = join(dir, 'quizzes/latihan-m3.gift');
    const text = await readFile(file, 'utf8');
    await writeFile(file, `${text}\n\n// id: q-essay\n::Esai::Jelaskan musdes. {}\n`);
    const line = text.split('\n').length + 3;
    await expect(buildCourse(dir)).rejects.toThrow(`latihan-m3.gift:${line}: unsupported question type: essay`);
  });

  it('fails on a missing image with the lesson file and line', async () => {
    const dir = await copyOfDemo();
    await rm(join(dir, 'media/siklus-perencanaan.svg'));
    await expect(buildCourse(dir)).rejects.toThrow(
      /lessons\/01-dasar-hukum-perencanaan\.md:26: file not found: media\/siklus-perencanaan\.svg/,
    );
  });

  it('fails on a bad course.yaml field with its line', async () => {
    const dir = await copyOfDemo();
    const file = join(dir, 'course.yaml');
    const yaml = await readFile(file, 'utf8');
    const line = yaml.split('\n').findIndex((l) => l.includes('mode: latihan')) + 1;
    await writeFile(file, yaml.replace('mode: latihan', 'mode: ujian-akhir'));
    await expect(buildCourse(dir)).rejects.toThrow(
      new RegExp(`course\\.yaml:${line}: modules\\.0\\.quizzes\\.0\\.mode`),
    );
  });
});
