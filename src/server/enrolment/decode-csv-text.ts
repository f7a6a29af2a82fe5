/** Why an uploaded file cannot be read as text at all (the whole file is refused, with this reason). */
export class CsvFileError extends Error {
  constructor(
    readonly code: 'wrong_encoding' | 'malformed_csv' | 'missing_columns' | 'too_many_rows' | 'empty_file',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Turns uploaded bytes into text: UTF-8 with or without the BOM Excel writes ("CSV UTF-8").
 * Anything else — UTF-16 ("Unicode text"), or ANSI/Windows-1252, where an accented letter or a curly
 * apostrophe in a name is a byte invalid in UTF-8 — is refused rather than guessed, since a wrong guess would
 * store garbled names silently.
 */
export function decodeCsvText(bytes: Uint8Array): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new CsvFileError('wrong_encoding', 'The file is UTF-16; save it as "CSV UTF-8 (Comma delimited)"');
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start));
  } catch {
    const bad = firstInvalidUtf8Line(bytes.subarray(start));
    throw new CsvFileError(
      'wrong_encoding',
      `The file is not valid UTF-8 (first bad byte on line ${bad}); save it as "CSV UTF-8 (Comma delimited)"`,
    );
  }
}

/** Line number of the first byte sequence that is not UTF-8, for the error message. */
function firstInvalidUtf8Line(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(lineStart, i));
      } catch {
        return line;
      }
      line++;
      lineStart = i + 1;
    }
  }
  return line;
}
