import { normalizeShortAnswer } from '../../shared/quiz/normalize-short-answer';

/**
 * The author's feedback without a first sentence that only says the verdict the screen already
 * shows: under "Benar!", a choice's feedback "Benar." says nothing new, and "Benar. Sebaliknya, …"
 * starts with the rest. Compared folded (case, punctuation), against the verdict in every
 * language the app speaks, since the course's language may not be the interface's. Only a plain
 * first sentence is dropped, never Markdown.
 * @example dropRepeatedVerdict('Benar. Sebaliknya, …', ['Benar!', 'Correct!']) // 'Sebaliknya, …'
 */
export function dropRepeatedVerdict(text: string, verdicts: readonly string[]): string {
  const first = /^\s*([\p{L}\p{N} ]+)[.!?]+(?:\s+|$)/u.exec(text);
  if (!first?.[1]) return text;
  const said = normalizeShortAnswer(first[1]);
  return verdicts.some((verdict) => normalizeShortAnswer(verdict) === said) ? text.slice(first[0].length) : text;
}
