import { toMarkdown } from './gift-text';
import type { ImportedQuestion, QuizImport } from './imported-question';
import { assignQuestionIds } from './question-id';
import type { QuizImportIssue, QuizImportIssueCode } from './quiz-import-issue';

// Aiken, Moodle's one-answer multiple-choice format:
//
//   Siapa yang menetapkan APB Desa?
//   A. Camat
//   B) Kepala desa bersama BPD
//   ANSWER: B
//
// The question is the text before its options (one line in the standard; further lines are
// joined), options are a capital letter with "." or ")" and a space, and "ANSWER: X" ends it.

const OPTION = /^([A-Z])[.)][ \t]+(.*)$/;
const ANSWER = /^ANSWER\s*:\s*(.*)$/i;

interface Pending {
  line: number;
  text: string[];
  options: Array<{ label: string; text: string; line: number }>;
}

/**
 * Reads an Aiken file; each question that cannot be read is an error with the file and line, and
 * reading carries on with the next question.
 * @example const { questions, errors } = parseAiken(text, 'soal.txt');
 */
export function parseAiken(source: string, file: string): QuizImport {
  const errors: QuizImportIssue[] = [];
  const done: Array<{ line: number; text: string; choices: Pending['options']; correct: number }> = [];
  let q: Pending | null = null;
  /** After an error the rest of that question is skipped, up to its ANSWER line or a blank line. */
  let skipping = false;
  /** An error ends the question; `skipRest` skips its remaining lines when the error came before its ANSWER line. */
  const fail = (line: number, code: QuizImportIssueCode, detail: string, skipRest = false) => {
    errors.push({ file, line, code, detail });
    q = null;
    skipping = skipRest;
  };
  const lines = source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.trim();
    if (line === '') {
      if (!q || q.options.length === 0) skipping = false;
      return;
    }
    const answer = ANSWER.exec(line);
    const option = OPTION.exec(line);
    if (skipping) {
      if (answer) skipping = false;
      return;
    }
    if (answer) {
      if (!q) return fail(lineNo, 'syntax', '"ANSWER:" without a question before it');
      const current: Pending = q;
      if (current.options.length === 0) return fail(lineNo, 'empty_answers', 'the question has no options A., B., …');
      if (current.options.length < 2) return fail(current.line, 'syntax', 'a question needs at least two options');
      const letter = answer[1]!.trim().charAt(0).toUpperCase();
      if (!/^[A-Z]$/.test(letter)) return fail(lineNo, 'syntax', '"ANSWER:" must be followed by an option letter');
      const correct = current.options.findIndex((o) => o.label === letter);
      if (correct === -1) {
        const labels = current.options.map((o) => o.label).join(', ');
        return fail(lineNo, 'no_correct_answer', `ANSWER: ${letter} is not one of the options (${labels})`);
      }
      done.push({ line: current.line, text: current.text.join('\n'), choices: current.options, correct });
      q = null;
      return;
    }
    if (option) {
      if (!q) return fail(lineNo, 'syntax', `option "${option[1]}." before any question text`, true);
      const current: Pending = q;
      if (current.options.some((o) => o.label === option[1])) {
        return fail(lineNo, 'syntax', `option ${option[1]} appears twice`, true);
      }
      if (option[2]!.trim() === '') return fail(lineNo, 'empty_answers', `option ${option[1]} is empty`, true);
      current.options.push({ label: option[1]!, text: option[2]!.trim(), line: lineNo });
      return;
    }
    if (q && q.options.length > 0) {
      // A new question began before this one's ANSWER line: this one is refused, the new one read.
      fail(q.line, 'syntax', 'the question has no "ANSWER: X" line after its options');
    }
    if (q) q.text.push(line);
    else q = { line: lineNo, text: [line], options: [] };
  });
  const unfinished = q as Pending | null;
  if (unfinished)
    errors.push({ file, line: unfinished.line, code: 'syntax', detail: 'the question has no "ANSWER: X" line' });

  const texts = done.map((d) => toMarkdown({ text: d.text, format: 'plain' }));
  const ids = assignQuestionIds(texts.map((text) => ({ text })));
  const questions: ImportedQuestion[] = done.map((d, i) => ({
    line: d.line,
    question: {
      id: ids[i]!,
      type: 'single',
      text: texts[i]!,
      choices: d.choices.map((c) => ({ id: c.label.toLowerCase(), text: c.text })),
    },
    key: { type: 'single', correct: d.choices[d.correct]!.label.toLowerCase() },
  }));
  if (questions.length === 0 && errors.length === 0) {
    errors.push({ file, line: 1, code: 'no_questions', detail: 'the file has no questions' });
  }
  return { questions, errors, warnings: [] };
}
