import { isUtf8 } from 'node:buffer';
import { StrataError } from '../errors/strata-error.js';

const SAVE_AS_UTF8 = 'Save the file as UTF-8 (in a spreadsheet: "CSV UTF-8"), then run the seed again.';

/**
 * The text of a CSV file, read strictly (see `checkCsvBytes`), BOM dropped. `file` names
 * the file in error messages.
 */
export function decodeCsvText(bytes: Buffer, file: string): string {
  return checkCsvBytes(bytes, file).toString('utf8');
}

/**
 * A CSV file's bytes, checked to be strict UTF-8 (a byte that is not UTF-8 is an error
 * naming its line, never a silent U+FFFD; a UTF-16 file or a NUL byte refused), without a
 * leading UTF-8 BOM. The checks are native, so a large file is checked without decoding it.
 * `file` names the file in error messages.
 */
export function checkCsvBytes(bytes: Buffer, file: string): Buffer {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    throw new StrataError('The seed file is UTF-16 text; seeds are read as UTF-8.', {
      location: { file, line: 1 },
      hint: SAVE_AS_UTF8,
    });
  }
  if (!isUtf8(bytes)) {
    const { line, byte } = firstInvalidByte(bytes);
    throw new StrataError(
      `The seed file is not valid UTF-8 (byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} on this line).`,
      {
        location: { file, line },
        hint: SAVE_AS_UTF8,
      },
    );
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new StrataError('The seed file contains a NUL byte: it is binary or not UTF-8 text.', {
      location: { file, line: lineOf(bytes, nul) },
      hint: SAVE_AS_UTF8,
    });
  }
  return startsWith(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes;
}

function startsWith(bytes: Buffer, prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

// A line feed byte never occurs inside a multi-byte UTF-8 character, so the file can be
// checked line by line to find where it stops being UTF-8.
function firstInvalidByte(bytes: Buffer): { line: number; byte: number } {
  let start = 0;
  for (let line = 1; ; line++) {
    const end = bytes.indexOf(0x0a, start);
    const slice = bytes.subarray(start, end < 0 ? bytes.length : end);
    if (!isUtf8(slice)) return { line, byte: slice[invalidOffset(slice)] ?? 0 };
    if (end < 0) return { line, byte: 0 };
    start = end + 1;
  }
}

// Within one line: the first byte that does not start a whole, valid character.
function invalidOffset(line: Buffer): number {
  for (let i = 0; i < line.length;) {
    const lead = line[i]!;
    const size = lead < 0x80 ? 1 : lead < 0xc2 ? 0 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : lead < 0xf5 ? 4 : 0;
    if (size === 0 || !isUtf8(line.subarray(i, i + size))) return i;
    i += size;
  }
  return 0;
}

function lineOf(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line++;
  return line;
}
