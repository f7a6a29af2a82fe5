import { splitGiftBlocks } from './gift-blocks';
import type { ImportedQuestion, QuizImport } from './imported-question';
import { assignQuestionIds, isQuestionId, slugify } from './question-id';
import type { QuizImportIssue } from './quiz-import-issue';
import { readGiftQuestion, type GiftQuestion } from './read-gift-question';

/**
 * Reads a GIFT file as Moodle writes and accepts it (docs/authoring.md lists what is kept). Every
 * question that can be read is returned; every one that cannot is an error naming the file and line.
 * @example const { questions, errors } = parseGift(text, 'latihan-m1.gift');
 */
export function parseGift(text: string, file: string): QuizImport {
  const errors: QuizImportIssue[] = [];
  const warnings: QuizImportIssue[] = [];
  const read: GiftQuestion[] = [];
  for (const block of splitGiftBlocks(text)) {
    const reading = readGiftQuestion(block, file);
    if (reading.kind === 'error') errors.push(reading.issue);
    if (reading.kind === 'question') {
      read.push(reading.value);
      warnings.push(...reading.warnings);
    }
  }
  const explicit = checkExplicitIds(read, file, errors);
  const ids = assignQuestionIds(read.map((q, i) => ({ explicit: explicit[i], title: q.title, text: q.idText })));
  const questions: ImportedQuestion[] = read.map((q, i) => ({
    line: q.line,
    question: { ...q.question, id: ids[i]! },
    key: q.key,
    ...(q.explanation ? { explanation: q.explanation } : {}),
  }));
  if (questions.length === 0 && errors.length === 0) {
    errors.push({ file, line: 1, code: 'no_questions', detail: 'the file has no questions' });
  }
  return { questions, errors, warnings };
}

/**
 * This project's `// id: x` must already be a valid id (content written for it); Moodle's
 * idnumber is anything a teacher typed, so it is made into one, or ignored if nothing is left.
 */
function checkExplicitIds(read: readonly GiftQuestion[], file: string, errors: QuizImportIssue[]) {
  const seen = new Set<string>();
  return read.map((q): string | undefined => {
    if (!q.explicitId) return undefined;
    const { line, strict } = q.explicitId;
    const id = strict ? q.explicitId.id : slugify(q.explicitId.id);
    if (strict && !isQuestionId(id)) {
      errors.push({
        file,
        line,
        code: 'bad_id',
        detail: `question id "${id}" must be lowercase letters, digits and dashes`,
      });
      return undefined;
    }
    if (!id) return undefined;
    if (seen.has(id)) {
      errors.push({ file, line, code: 'duplicate_id', detail: `duplicate question id "${id}"` });
      return undefined;
    }
    seen.add(id);
    return id;
  });
}
