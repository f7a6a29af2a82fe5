/**
 * Drops the lesson's own `# Title` line: the lesson screen already shows the title from the
 * manifest as its heading, and two identical headings confuse screen readers.
 */
export function stripLeadingTitle(markdown: string): string {
  return markdown.replace(/^\s*#[ \t]+[^\n]*(\r?\n)+/, '');
}
