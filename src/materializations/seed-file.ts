import { readFile } from 'node:fs/promises';
import { readCsv, type CsvRowHandler } from './csv-parse.js';
import { decodeCsvText } from './csv-text.js';
import { SeedTypeInference, type SeedColumnType } from './seed-types.js';

/** A seed file as read strictly: its column names and types, and how many rows it has. */
export interface SeedFile {
  header: string[];
  /** the file's text can be bulk-loaded as it is (see `CsvScanSummary.plain`) */
  plain: boolean;
  types: SeedColumnType[];
  rowCount: number;
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
 * `decodeCsvText`, `readCsv`), column types inferred on the way, in a single pass that
 * keeps no rows itself. A mistake in the file is a `StrataError` naming the file and line.
 */
export async function readSeedFile(options: ReadSeedOptions): Promise<SeedFile> {
  const { displayPath } = options;
  const text = decodeCsvText(await readFile(options.csvPath), displayPath);
  let inference = new SeedTypeInference([]);
  let rowCount = 0;
  const { header, plain } = readCsv(text, displayPath, options.delimiter, {
    onHeader: (names) => (inference = new SeedTypeInference(names, options.columnTypes)),
    onRow: (fields, line) => {
      inference.observe(fields);
      rowCount++;
      options.onRow?.(fields, line);
    },
  });
  return { header, plain, types: inference.types(), rowCount };
}
