import { StrataError } from '../errors/strata-error.js';
import type { CsvRecord } from './csv-record.js';
import { scanCsvRecords, type CsvScanSummary } from './csv-scan.js';

/** A parsed CSV file: the header and the data rows, every field a string. */
export interface CsvTable {
  header: string[];
  rows: string[][];
}

/** Receives each data row of a CSV file and the line it starts on. */
export type CsvRowHandler = (fields: string[], line: number) => void;

/** A strictly read CSV file's header, and whether its text is plain (see `CsvScanSummary`). */
export interface CsvReadResult extends CsvScanSummary {
  header: string[];
}

/**
 * What a reader of CSV rows is told: the header once, then every row, as decoded fields
 * (`onRow`) and as byte ranges (`onRecord`, which costs no string per field).
 */
export interface CsvHandlers {
  onHeader?: (names: string[]) => void;
  onRow?: CsvRowHandler;
  onRecord?: (record: CsvRecord) => void;
}

/**
 * Read a CSV file strictly, the one reading every adapter loads: the first record is the
 * header (names trimmed, none empty, none repeated ignoring case, since most warehouses
 * fold case); every other record must have as many fields as the header. Hands the
 * header and each row to `handlers`. A header alone is a table with no rows; an empty
 * file is an error. Every error names `file` and the line, and says how to fix it.
 */
export function readCsv(
  content: string | Buffer,
  file: string,
  delimiter: string,
  handlers: CsvHandlers,
): CsvReadResult {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  const { onRow, onRecord } = handlers;
  let header: string[] | undefined;
  const summary = scanCsvRecords(bytes, file, delimiter, (record) => {
    if (header === undefined) {
      header = checkHeader(record.fields(), file, record.line, delimiter);
      handlers.onHeader?.(header);
    } else if (record.count !== header.length) {
      throw fieldCountError(record.count, header.length, file, record.line, delimiter);
    } else {
      onRecord?.(record);
      onRow?.(record.fields(), record.line);
    }
  });
  if (header === undefined) {
    throw new StrataError('The seed file is empty.', {
      location: { file, line: 1 },
      hint: 'Write a header line naming the columns (a header alone loads an empty table), or delete the file.',
    });
  }
  return { header, ...summary };
}

/** Parse CSV text into its header and rows, by the rules of `readCsv`. */
export function parseCsv(text: string, file: string, delimiter = ','): CsvTable {
  const rows: string[][] = [];
  const { header } = readCsv(text, file, delimiter, { onRow: (fields) => rows.push(fields) });
  return { header, rows };
}

/** Delimiters a file is often written with, when the seed config says another one. */
const OTHER_DELIMITERS = [',', ';', '\t', '|'];

function checkHeader(fields: string[], file: string, line: number, delimiter: string): string[] {
  const names = fields.map((name) => name.trim());
  // One column whose name holds another common delimiter: the config names the wrong one.
  const likely =
    names.length === 1 ? OTHER_DELIMITERS.find((d) => d !== delimiter && names[0]!.includes(d)) : undefined;
  if (likely !== undefined) {
    const [header, shown, given] = [names[0], likely, delimiter].map((text) => JSON.stringify(text));
    throw new StrataError(
      `The header is one column named ${header}: the file seems to separate fields with ${shown}, not ${given}.`,
      {
        location: { file, line },
        hint:
          `Set the seed's delimiter config to ${shown} (delimiter: ${shown} under its config in the seeds' YAML, ` +
          'or +delimiter in project.yml).',
      },
    );
  }
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    if (name === '') {
      throw new StrataError(`Column ${i + 1} of the header has no name.`, {
        location: { file, line },
        hint: `Name every column in the header line; a trailing ${JSON.stringify(delimiter)} adds an unnamed column.`,
      });
    }
    const first = seen.get(name.toLowerCase());
    if (first !== undefined) {
      throw new StrataError(
        `The header names two columns ${JSON.stringify(name)} ` +
          `(columns ${first + 1} and ${i + 1}; names are compared ignoring case).`,
        {
          location: { file, line },
          hint: 'Give every column its own name.',
        },
      );
    }
    seen.set(name.toLowerCase(), i);
  });
  return names;
}

function fieldCountError(found: number, expected: number, file: string, line: number, delimiter: string): StrataError {
  const hint =
    found > expected
      ? `Quote a value that contains ${JSON.stringify(delimiter)} ("a${delimiter} b"), ` +
        `or remove the extra ${JSON.stringify(delimiter)}: every row needs ${expected} fields.`
      : `Add the missing fields (an empty field loads as NULL): every row needs ${expected} fields.`;
  return new StrataError(`This row has ${found} field${found === 1 ? '' : 's'}, the header has ${expected}.`, {
    location: { file, line },
    hint,
  });
}
