import { readFile } from 'node:fs/promises';
import { closestMatch } from '../config/closest-match.js';
import { readCsv, type CsvRowHandler } from './csv-parse.js';
import { checkCsvBytes } from './csv-text.js';
import { SeedTypeInference, type SeedColumnType } from './seed-types.js';

/** A seed file as read strictly: its column names and types, and how many rows it has. */
export interface SeedFile {
  header: string[];
  /** the file's text can be bulk-loaded as it is (see `CsvScanSummary.plain`) */
  plain: boolean;
  /** the same but for blank lines between records (see `CsvScanSummary.plainButBlankLines`) */
  plainButBlankLines: boolean;
  types: SeedColumnType[];
  rowCount: number;
  /** what loading should tell the user: `column_types` entries naming no column of the file */
  warnings: string[];
}

/** Which seed file to read, and how. */
export interface ReadSeedOptions {
  /** absolute path of the CSV file */
  csvPath: string;
  /** the path shown in error messages (project-relative) */
  displayPath: string;
  delimiter: string;
  /** `column_types` overrides, as warehouse type names */
  columnTypes?: Record<string, string>;
  /** receives each data row (e.g. to keep it, or to write a canonical copy) */
  onRow?: CsvRowHandler;
}

/**
 * Read a seed the one way every adapter loads it: strict UTF-8 and CSV rules (see
 * `checkCsvBytes`, `readCsv`), column types inferred on the way from the file's bytes, in
 * a single pass that keeps no rows itself and decodes fields only for `onRow`. A mistake
 * in the file is a `StrataError` naming the file and line.
 */
export async function readSeedFile(options: ReadSeedOptions): Promise<SeedFile> {
  return readSeedBytes(checkCsvBytes(await readFile(options.csvPath), options.displayPath), options);
}

/** Read a seed, as `readSeedFile` does, from bytes `checkCsvBytes` has checked. */
export function readSeedBytes(bytes: Buffer, options: Omit<ReadSeedOptions, 'csvPath'>): SeedFile {
  let inference = new SeedTypeInference([]);
  let rowCount = 0;
  const { header, plain, plainButBlankLines } = readCsv(bytes, options.displayPath, options.delimiter, {
    onHeader: (names) => (inference = new SeedTypeInference(names, options.columnTypes)),
    onRecord: (record) => {
      inference.observeRecord(record);
      rowCount++;
    },
    onRow: options.onRow,
  });
  const warnings = unmatchedColumnTypes(header, options);
  return { header, plain, plainButBlankLines, types: inference.types(), rowCount, warnings };
}

/**
 * dbt ignores a `column_types` entry that names no column of the CSV; a typo there would
 * silently leave the column's type inferred, so each one is a warning with the closest name.
 */
function unmatchedColumnTypes(header: string[], options: Omit<ReadSeedOptions, 'csvPath'>): string[] {
  const columns = new Set(header.map((name) => name.toLowerCase()));
  return Object.keys(options.columnTypes ?? {})
    .filter((name) => !columns.has(name.toLowerCase()))
    .map((name) => {
      const closest = closestMatch(name, header);
      const hint = closest === undefined ? `its columns are ${header.join(', ')}` : `did you mean '${closest}'?`;
      const what = `column_types names '${name}', which is not a column of this seed`;
      return `${options.displayPath}: ${what} (${hint}); it has no effect.`;
    });
}
