import { CourseBuildError } from './course-build-error';

export interface GiftBlock {
  /** The question's id from the `// id: X` line directly before it. */
  id: string;
  /** 1-based line where the question text starts. */
  line: number;
}

const ID_LINE = /^\s*\/\/\s*id:\s*(\S+)\s*$/;
const ID_FORMAT = /^[a-z0-9][a-z0-9-]{0,79}$/;

/**
 * Finds each question's id and starting line in raw GIFT text. gift-pegjs drops comments, so the
 * ids come from here; questions are separated by blank lines, as GIFT requires.
 */
export function splitGiftBlocks(text: string, file: string): GiftBlock[] {
  const lines = text.split(/\r?\n/);
  const blocks: GiftBlock[] = [];
  const seen = new Set<string>();
  let id: string | null = null;
  let inQuestion = false;
  let depth = 0;
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (inQuestion && depth === 0 && line === '') inQuestion = false; // a question without braces
    if (!inQuestion) {
      if (line === '') {
        id = null;
        return;
      }
      const idMatch = ID_LINE.exec(raw);
      if (idMatch) {
        id = idMatch[1]!;
        if (!ID_FORMAT.test(id))
          throw new CourseBuildError(
            file,
            index + 1,
            `question id "${id}" must be lowercase letters, digits and dashes`,
          );
        if (seen.has(id)) throw new CourseBuildError(file, index + 1, `duplicate question id "${id}"`);
        seen.add(id);
        return;
      }
      if (line.startsWith('//') || line.startsWith('$CATEGORY')) return;
      if (!id) throw new CourseBuildError(file, index + 1, 'question has no "// id: <id>" line directly before it');
      blocks.push({ id, line: index + 1 });
      id = null;
      inQuestion = true;
    }
    // A question ends at its closing brace (escaped braces \{ \} do not count).
    const unescaped = raw.replace(/\\./g, '');
    for (const ch of unescaped) {
      if (ch === '{') depth++;
      else if (ch === '}') depth--;
    }
    if (depth <= 0 && unescaped.includes('}')) {
      inQuestion = false;
      depth = 0;
    }
  });
  return blocks;
}
