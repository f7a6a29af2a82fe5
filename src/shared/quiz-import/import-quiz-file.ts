import type { QuizImport } from './imported-question';
import { parseAiken } from './parse-aiken';
import { parseGift } from './parse-gift';

export type QuizFileFormat = 'gift' | 'aiken';

/**
 * The format of an uploaded quiz file: `.gift` is GIFT and `.aiken` Aiken; a `.txt` (Moodle's
 * own extension for both) is Aiken when it has an `ANSWER:` line and no answer braces.
 */
export function quizFileFormat(name: string, text: string): QuizFileFormat {
  const lower = name.toLowerCase();
  if (lower.endsWith('.gift')) return 'gift';
  if (lower.endsWith('.aiken')) return 'aiken';
  return /^\s*ANSWER\s*:/im.test(text) && !/[^\\]\{/.test(text) ? 'aiken' : 'gift';
}

/**
 * Reads a GIFT or Aiken quiz file into questions, errors and warnings.
 * @example importQuizFile(text, 'latihan.gift').errors
 */
export function importQuizFile(text: string, name: string, format = quizFileFormat(name, text)): QuizImport {
  return format === 'aiken' ? parseAiken(text, name) : parseGift(text, name);
}
