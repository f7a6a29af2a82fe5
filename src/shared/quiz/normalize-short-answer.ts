/**
 * Folds a short answer to the form compared against the key: no case, no diacritics, punctuation
 * as spaces, single spaces. Officials type on small keyboards with autocorrect, so "Musrenbang-Des."
 * and "musrenbang des" must match.
 * @example normalizeShortAnswer('  Musrenbang-Dés. ') // 'musrenbang des'
 */
export function normalizeShortAnswer(text: string): string {
  return (
    text
      // NFKD splits "é" into "e" + a combining accent, which the next step drops.
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLocaleLowerCase('id-ID')
      .replace(/[\p{P}\p{S}]/gu, ' ')
      .replace(/\s+/gu, ' ')
      .trim()
  );
}
