import { hideEscapes } from './gift-text';

/** One question's worth of a GIFT file: the lines between two blank lines. */
export interface GiftBlock {
  /**
   * The block's lines, each trimmed as Moodle trims them, comment lines left empty and escapes
   * hidden, so an offset in it maps back to a file line by counting line breaks.
   */
  text: string;
  /** 1-based file line of the block's first line. */
  firstLine: number;
  /** The `//` comment lines of the block, without the slashes, with their file lines. */
  comments: Array<{ text: string; line: number }>;
}

/**
 * Splits GIFT text into question blocks the way Moodle does: a blank line ends a question, and a
 * line starting with `//` is a comment wherever it stands.
 */
export function splitGiftBlocks(source: string): GiftBlock[] {
  const blocks: GiftBlock[] = [];
  let current: { lines: string[]; firstLine: number; comments: GiftBlock['comments'] } | null = null;
  const lines = source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') {
      if (current) blocks.push(finish(current));
      current = null;
      return;
    }
    current ??= { lines: [], firstLine: index + 1, comments: [] };
    if (line.startsWith('//')) {
      current.comments.push({ text: line.slice(2).trim(), line: index + 1 });
      current.lines.push('');
    } else {
      current.lines.push(line);
    }
  });
  if (current) blocks.push(finish(current));
  return blocks;
}

function finish(block: { lines: string[]; firstLine: number; comments: GiftBlock['comments'] }): GiftBlock {
  return { text: hideEscapes(block.lines.join('\n')), firstLine: block.firstLine, comments: block.comments };
}

/** The file line of an offset in a block's text. */
export function lineAt(block: GiftBlock, offset: number): number {
  let line = block.firstLine;
  for (let i = 0; i < offset && i < block.text.length; i++) if (block.text[i] === '\n') line++;
  return line;
}
