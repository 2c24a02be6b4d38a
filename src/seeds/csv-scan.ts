import { StrataError } from '../errors/strata-error.js';
import { CsvRecord, FIELD_BARE_QUOTES, FIELD_DOUBLED_QUOTES, FIELD_PLAIN } from './csv-record.js';

/** Receives each record of a CSV file (the same object, refilled for every record). */
export type CsvRecordHandler = (record: CsvRecord) => void;

/** What a scan found about the file's form, beyond its records. */
export interface CsvScanSummary {
  /**
   * True when any RFC 4180 reader given the same delimiter reads these very records: one
   * kind of line end, no blank line, no quote inside an unquoted field. Otherwise a bulk
   * loader should read a canonical copy instead of the file.
   */
  plain: boolean;
  /**
   * True when the file is plain but for blank lines after its first record (a reader that
   * skips blank lines between records, as DuckDB's does for rows of two or more fields,
   * still reads these very records).
   */
  plainButBlankLines: boolean;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const LINE_END_LF = 1;
const LINE_END_CRLF = 2;
const LINE_END_CR = 4;

/**
 * Split a CSV file's UTF-8 bytes (RFC 4180) into records in one pass, without decoding
 * them: each record's fields are byte ranges (see `CsvRecord`). A field that starts with
 * `"` is quoted: it may hold delimiters, line ends and doubled quotes, and must be closed
 * and followed by a delimiter or a line end. A quote inside an unquoted field is a plain
 * character. Records end at LF, CRLF or a lone CR; a blank line is no record.
 */
export function scanCsvRecords(
  bytes: Buffer,
  file: string,
  delimiter: string,
  onRecord: CsvRecordHandler,
): CsvScanSummary {
  const separator = Buffer.from(delimiterOf(delimiter, file));
  const first = separator[0]!;
  const wide = separator.length > 1;
  const length = bytes.length;
  const record = new CsvRecord(bytes);
  let lineEnds = 0;
  let bareQuotes = false;
  let blankLines = false;
  let leadingBlankLines = false;
  let emptyRecords = false;
  let records = 0;
  const quotes = new ByteFinder(bytes, QUOTE);
  const returns = new ByteFinder(bytes, CR);
  const newlines = new ByteFinder(bytes, LF);
  let line = 1;
  let i = 0;
  while (i < length) {
    record.clear(line);
    // A blank line: no record.
    const start = bytes[i];
    if (start === LF || start === CR) {
      blankLines = true;
      if (records === 0) leadingBlankLines = true;
      const crlf = start === CR && bytes[i + 1] === LF;
      lineEnds |= crlf ? LINE_END_CRLF : start === LF ? LINE_END_LF : LINE_END_CR;
      i += crlf ? 2 : 1;
      line++;
      continue;
    }
    // The common record, a line with no quote and no CR, needs only its delimiters found.
    const lineEnd = newlines.next(i);
    if (quotes.next(i) >= lineEnd && returns.next(i) >= lineEnd) {
      splitLine(record, i, lineEnd, separator);
      if (lineEnd < length) lineEnds |= LINE_END_LF;
      i = lineEnd + 1;
      line++;
      records++;
      onRecord(record);
      continue;
    }
    for (;;) {
      if (bytes[i] === QUOTE) {
        const opened = line;
        let from = i + 1;
        let kind = FIELD_PLAIN;
        let close: number;
        for (;;) {
          close = bytes.indexOf(QUOTE, from);
          if (close < 0) {
            throw new StrataError('A quoted field opened on this line is never closed.', {
              location: { file, line: opened },
              hint: 'Close the quote; inside a quoted field write a quote twice ("").',
            });
          }
          if (bytes[close + 1] !== QUOTE) break;
          kind = FIELD_DOUBLED_QUOTES;
          from = close + 2;
        }
        line += lineBreaks(bytes, i + 1, close);
        record.push(i + 1, close, kind);
        i = close + 1;
        const next = bytes[i];
        const delimited = next === first && (!wide || startsAt(bytes, i, separator));
        if (i < length && !delimited && next !== LF && next !== CR) throw textAfterQuote(file, line);
      } else {
        let end = i;
        let kind = FIELD_PLAIN;
        for (; end < length; end++) {
          const byte = bytes[end]!;
          if (byte === first) {
            if (!wide || startsAt(bytes, end, separator)) break;
          } else if (byte === LF || byte === CR) break;
          else if (byte === QUOTE) kind = FIELD_BARE_QUOTES;
        }
        if (kind === FIELD_BARE_QUOTES) bareQuotes = true;
        record.push(i, end, kind);
        i = end;
      }
      if (i >= length) break;
      const byte = bytes[i];
      if (byte !== LF && byte !== CR) {
        i += separator.length;
        continue;
      }
      const crlf = byte === CR && bytes[i + 1] === LF;
      lineEnds |= crlf ? LINE_END_CRLF : byte === LF ? LINE_END_LF : LINE_END_CR;
      i += crlf ? 2 : 1;
      line++;
      break;
    }
    // A line holding only `""` is one empty field: no record either.
    if (record.count === 1 && record.starts[0] === record.ends[0]) emptyRecords = true;
    else {
      records++;
      onRecord(record);
    }
  }
  const oneLineEnd = (lineEnds & (lineEnds - 1)) === 0;
  const plainButBlankLines = oneLineEnd && !bareQuotes && !emptyRecords && !leadingBlankLines;
  return { plain: plainButBlankLines && !blankLines, plainButBlankLines };
}

/** Adds the fields of `bytes[start, end)`, which holds no quote and no line end, to `record`. */
function splitLine(record: CsvRecord, start: number, end: number, separator: Buffer): void {
  const { bytes } = record;
  const first = separator[0];
  const wide = separator.length > 1;
  let from = start;
  for (let at = start; at < end; at++) {
    if (bytes[at] === first && (!wide || startsAt(bytes, at, separator))) {
      record.push(from, at, FIELD_PLAIN);
      from = at + separator.length;
      at = from - 1;
    }
  }
  record.push(from, end, FIELD_PLAIN);
}

/** Finds the next offset of one byte value natively, remembering it until it is passed. */
class ByteFinder {
  private found = -1;

  constructor(
    private readonly bytes: Buffer,
    private readonly value: number,
  ) {}

  /** The first offset at or after `from` holding the value; the length when there is none. */
  next(from: number): number {
    if (this.found < from) {
      const at = this.bytes.indexOf(this.value, from);
      this.found = at < 0 ? this.bytes.length : at;
    }
    return this.found;
  }
}

function textAfterQuote(file: string, line: number): StrataError {
  return new StrataError('Text follows the closing quote of a field.', {
    location: { file, line },
    hint: 'Quote the whole field and write each quote inside it twice, e.g. "a ""quoted"" word".',
  });
}

function startsAt(bytes: Buffer, at: number, separator: Buffer): boolean {
  for (let k = 1; k < separator.length; k++) if (bytes[at + k] !== separator[k]) return false;
  return true;
}

function delimiterOf(delimiter: string, file: string): string {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new StrataError(
      `The seed delimiter ${JSON.stringify(delimiter)} is not one character other than a quote or a line end.`,
      {
        location: { file },
        hint: 'Set the seed\'s `delimiter` config to one character, e.g. "," or ";" or "\\t".',
      },
    );
  }
  return delimiter;
}

// Line ends inside a quoted field, counted as the record splitter counts them.
function lineBreaks(bytes: Buffer, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const byte = bytes[i];
    if (byte === LF || (byte === CR && bytes[i + 1] !== LF)) count++;
  }
  return count;
}
