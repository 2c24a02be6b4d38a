import { StrataError } from '../errors/strata-error.js';

/** A parsed CSV file: the header and the data rows, every field a string. */
export interface CsvTable {
  header: string[];
  rows: string[][];
}

/**
 * Parse CSV text (RFC 4180): quoted fields may hold delimiters, newlines and doubled
 * quotes; CRLF or LF line ends; a leading BOM and a final newline are ignored. Every row
 * must have as many fields as the header. `file` names the file in error messages.
 */
export function parseCsv(text: string, file: string, delimiter = ','): CsvTable {
  const [first, ...records] = splitRecords(text.replace(/^\uFEFF/, ''), file, delimiter);
  const header = first?.fields;
  if (header === undefined) {
    throw new StrataError('The seed file has no header row.', { location: { file, line: 1 } });
  }
  const names = header.map((name) => name.trim());
  const duplicate = names.find((name, i) => name === '' || names.indexOf(name) !== i);
  if (duplicate !== undefined) {
    throw new StrataError(`The seed header has ${duplicate === '' ? 'an empty' : `a duplicate (${duplicate})`} column name.`, {
      location: { file, line: 1 },
    });
  }
  for (const { fields, line } of records) {
    if (fields.length !== names.length) {
      throw new StrataError(`Row has ${fields.length} fields, the header has ${names.length}.`, {
        location: { file, line },
      });
    }
  }
  return { header: names, rows: records.map((r) => r.fields) };
}

/** One record and the line it starts on, for error messages. */
interface CsvRecord {
  fields: string[];
  line: number;
}

function splitRecords(text: string, file: string, delimiter: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let record: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endRecord = () => {
    record.push(field);
    // A blank line is no record (this also drops the final newline's empty tail).
    if (!(record.length === 1 && record[0] === '')) records.push({ fields: record, line: recordLine });
    record = [];
    field = '';
    recordLine = line;
  };
  while (i < text.length) {
    const char = text[i]!;
    if (char === '"' && field === '') {
      const start = line;
      for (i++; ; i++) {
        if (i >= text.length) {
          throw new StrataError('Unterminated quoted field.', { location: { file, line: start } });
        }
        if (text[i] === '"' && text[i + 1] === '"') field += text[++i];
        else if (text[i] === '"') break;
        else {
          if (text[i] === '\n') line++;
          field += text[i];
        }
      }
      i++;
      continue;
    }
    if (text.startsWith(delimiter, i)) {
      record.push(field);
      field = '';
      i += delimiter.length;
    } else if (char === '\n' || (char === '\r' && text[i + 1] === '\n')) {
      i += char === '\r' ? 2 : 1;
      line++;
      endRecord();
    } else {
      field += char;
      i++;
    }
  }
  if (field !== '' || record.length > 0) endRecord();
  return records;
}
