// @vitest-environment node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importQuizFile, quizFileFormat } from '../../../src/shared/quiz-import/import-quiz-file';
import { parseAiken } from '../../../src/shared/quiz-import/parse-aiken';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

describe('Aiken', () => {
  it('reads the standard format with "A." and "A)" options, with or without a blank line between questions', () => {
    const r = parseAiken(fixture('aiken-standard.txt'), 'soal.txt');
    expect(r.errors).toEqual([]);
    expect(r.questions.map((q) => [q.line, q.question.type, q.key])).toEqual([
      [1, 'single', { type: 'single', correct: 'b' }],
      [8, 'single', { type: 'single', correct: 'b' }],
      [13, 'single', { type: 'single', correct: 'a' }],
    ]);
    expect(r.questions[0]!.question).toMatchObject({
      text: 'Siapa yang menetapkan Peraturan Desa tentang APB Desa?',
      choices: [
        { id: 'a', text: 'Camat' },
        { id: 'b', text: 'Kepala desa bersama BPD' },
        { id: 'c', text: 'Bupati' },
        { id: 'd', text: 'Sekretaris desa' },
      ],
    });
  });

  it('names the line of an option without a question, an ANSWER that is no option, and a question without ANSWER, and still reads the rest', () => {
    const r = parseAiken(fixture('aiken-errors.txt'), 'soal.txt');
    expect(r.errors.map((e) => [e.file, e.line, e.code])).toEqual([
      ['soal.txt', 1, 'syntax'],
      ['soal.txt', 7, 'no_correct_answer'],
      ['soal.txt', 9, 'syntax'],
    ]);
    expect(r.questions.map((q) => q.line)).toEqual([13]);
  });

  it('refuses a question left unfinished at the end of the file, and one with a single option', () => {
    expect(parseAiken('Soal?\nA. Satu\nB. Dua\n', 'a.txt').errors).toMatchObject([{ line: 1, code: 'syntax' }]);
    expect(parseAiken('Soal?\nA. Satu\nANSWER: A\n', 'a.txt').errors).toMatchObject([{ line: 1, code: 'syntax' }]);
    expect(parseAiken('', 'a.txt').errors).toMatchObject([{ line: 1, code: 'no_questions' }]);
  });

  it('is told apart from GIFT by extension, and a .txt by its ANSWER lines', () => {
    expect(quizFileFormat('x.gift', 'ANSWER: A')).toBe('gift');
    expect(quizFileFormat('x.aiken', '')).toBe('aiken');
    expect(quizFileFormat('x.txt', fixture('aiken-standard.txt'))).toBe('aiken');
    expect(quizFileFormat('x.txt', fixture('moodle-docs.gift'))).toBe('gift');
    expect(importQuizFile(fixture('aiken-standard.txt'), 'x.txt').questions).toHaveLength(3);
  });
});
