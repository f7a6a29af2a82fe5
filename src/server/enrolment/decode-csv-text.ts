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
    return decodeKeepingSurrogates(bytes.subarray(start));
  } catch {
    const bad = firstInvalidUtf8Line(bytes.subarray(start));
    throw new CsvFileError(
      'wrong_encoding',
      `The file is not valid UTF-8 (first bad byte on line ${bad}); save it as "CSV UTF-8 (Comma delimited)"`,
    );
  }
}

/**
 * UTF-8, except that a surrogate encoded on its own (ED A0..BF xx, what a tool writes for half an
 * emoji) becomes that lone surrogate instead of spoiling the file: the row holding it is then
 * rejected on its own (`invalid_text`) and the rest of the file is imported.
 */
function decodeKeepingSurrogates(bytes: Uint8Array): string {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let text = '';
  let from = 0;
  for (let i = 0; i + 2 < bytes.length; i++) {
    if (bytes[i] !== 0xed || (bytes[i + 1]! & 0xe0) !== 0xa0 || (bytes[i + 2]! & 0xc0) !== 0x80) continue;
    text += decoder.decode(bytes.subarray(from, i));
    text += String.fromCharCode(0xd000 | ((bytes[i + 1]! & 0x3f) << 6) | (bytes[i + 2]! & 0x3f));
    from = i + 3;
    i += 2;
  }
  return text + decoder.decode(bytes.subarray(from));
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
