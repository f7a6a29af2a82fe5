/**
 * Reads a number as an official types it, Indonesian style first: "42,5" is 42.5 and "1.500" is
 * 1500 (a dot before exactly three digits groups thousands); "42.5" is still 42.5 because a phone
 * keyboard may only offer a dot. Returns undefined for anything that is not one number.
 * @example parseNumberInput('1.234,5') // 1234.5
 */
export function parseNumberInput(input: string): number | undefined {
  const text = input.replace(/[\s\u00a0]/gu, '').replace(/^\u2212/u, '-');
  if (!/^[-+]?[\d.,]*\d[\d.,]*$/u.test(text)) return undefined;
  const sign = text.startsWith('-') ? -1 : 1;
  const body = text.replace(/^[-+]/u, '');
  const lastComma = body.lastIndexOf(',');
  const lastDot = body.lastIndexOf('.');
  let canonical: string;
  if (lastComma >= 0 && lastDot >= 0) {
    // Both present: the later one is the decimal separator, the other groups thousands.
    const [group, decimal] = lastComma > lastDot ? ['.', ','] : [',', '.'];
    const [whole = '', fraction, ...rest] = body.split(decimal);
    if (rest.length > 0 || !isGrouped(whole, group)) return undefined;
    canonical = `${whole.split(group).join('')}.${fraction ?? ''}`;
  } else if (lastComma >= 0) {
    const parts = body.split(',');
    if (parts.length === 2) canonical = `${parts[0]}.${parts[1]}`;
    else if (isGrouped(body, ',')) canonical = parts.join('');
    else return undefined;
  } else if (lastDot >= 0) {
    const parts = body.split('.');
    if (isGrouped(body, '.')) canonical = parts.join('');
    else if (parts.length === 2) canonical = body;
    else return undefined;
  } else {
    canonical = body;
  }
  if (canonical.endsWith('.')) return undefined;
  const value = Number(canonical);
  return Number.isFinite(value) ? sign * value : undefined;
}

/** True when `text` is digits grouped by `separator` in threes, like 1.234.567. */
function isGrouped(text: string, separator: string): boolean {
  const parts = text.split(separator);
  if (parts.length < 2) return parts.length === 1 && /^\d+$/u.test(text);
  const [head = '', ...tail] = parts;
  return /^\d{1,3}$/u.test(head) && tail.every((p) => /^\d{3}$/u.test(p));
}
