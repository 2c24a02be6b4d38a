import { StrataError } from '../errors/strata-error.js';

/** Receives each record of a CSV text: its fields and the line it starts on. */
export type CsvRecordHandler = (fields: string[], line: number) => void;

/** What a scan found about the text's form, beyond its records. */
export interface CsvScanSummary {
  /**
   * True when any RFC 4180 reader given the same delimiter reads these very records: one
   * kind of line end, no blank line, no quote inside an unquoted field. Otherwise a bulk
   * loader should read a canonical copy instead of the file.
   */
  plain: boolean;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Split CSV text (RFC 4180) into records in one pass. A field that starts with `"` is
 * quoted: it may hold delimiters, line ends and doubled quotes, and must be closed and
 * followed by a delimiter or a line end. A quote inside an unquoted field is a plain
 * character. Records end at LF, CRLF or a lone CR; a blank line is no record.
 */
export function scanCsvRecords(text: string, file: string, delimiter: string, onRecord: CsvRecordHandler): CsvScanSummary {
  const separator = delimiterCode(delimiter, file);
  const length = text.length;
  const lineEnds = new Set<string>();
  let plain = true;
  let line = 1;
  let i = 0;
  while (i < length) {
    // The common record, with no quote and no CR inside, is split natively in one step.
    const newline = text.indexOf('\n', i);
    const lineEnd = newline < 0 ? length : newline;
    const contentEnd = lineEnd > i && text.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
    const content = text.slice(i, contentEnd);
    if (!content.includes('"') && !content.includes('\r')) {
      if (content === '') plain = false;
      else onRecord(content.split(delimiter), line);
      if (contentEnd < lineEnd) lineEnds.add(newline >= 0 ? '\r\n' : '\r');
      else if (newline >= 0) lineEnds.add('\n');
      i = lineEnd + 1;
      line++;
      continue;
    }
    const recordLine = line;
    const fields: string[] = [];
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        const quoted = readQuoted(text, i, line, file);
        fields.push(quoted.value);
        ({ end: i, line } = quoted);
        const next = text.charCodeAt(i);
        if (i < length && next !== separator && next !== LF && next !== CR) {
          throw new StrataError('Text follows the closing quote of a field.', {
            location: { file, line },
            hint: 'Quote the whole field and write each quote inside it twice, e.g. "a ""quoted"" word".',
          });
        }
      } else {
        let end = i;
        for (; end < length; end++) {
          const char = text.charCodeAt(end);
          if (char === separator || char === LF || char === CR) break;
          if (char === QUOTE) plain = false;
        }
        fields.push(text.slice(i, end));
        i = end;
      }
      if (i >= length) break;
      const char = text.charCodeAt(i);
      if (char === separator) {
        i++;
        continue;
      }
      const crlf = char === CR && text.charCodeAt(i + 1) === LF;
      lineEnds.add(crlf ? '\r\n' : String.fromCharCode(char));
      i += crlf ? 2 : 1;
      line++;
      break;
    }
    if (fields.length === 1 && fields[0] === '') plain = false;
    else onRecord(fields, recordLine);
  }
  return { plain: plain && lineEnds.size <= 1 };
}

/** A quoted field starting at `start`: its value, the index after its closing quote, the line there. */
function readQuoted(text: string, start: number, line: number, file: string): { value: string; end: number; line: number } {
  const opened = line;
  let value = '';
  let from = start + 1;
  for (let i = from; ; ) {
    const close = text.indexOf('"', i);
    if (close < 0) {
      throw new StrataError('A quoted field opened on this line is never closed.', {
        location: { file, line: opened },
        hint: 'Close the quote; inside a quoted field write a quote twice ("").',
      });
    }
    line += lineBreaks(text, i, close);
    if (text.charCodeAt(close + 1) === QUOTE) {
      value += text.slice(from, close + 1);
      i = from = close + 2;
    } else {
      return { value: value + text.slice(from, close), end: close + 1, line };
    }
  }
}

function delimiterCode(delimiter: string, file: string): number {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new StrataError(`The seed delimiter ${JSON.stringify(delimiter)} is not one character other than a quote or a line end.`, {
      location: { file },
      hint: 'Set the seed\'s `delimiter` config to one character, e.g. "," or ";" or "\\t".',
    });
  }
  return delimiter.charCodeAt(0);
}

// Line ends inside a quoted field, counted as the record splitter counts them.
function lineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const char = text.charCodeAt(i);
    if (char === LF || (char === CR && text.charCodeAt(i + 1) !== LF)) count++;
  }
  return count;
}
