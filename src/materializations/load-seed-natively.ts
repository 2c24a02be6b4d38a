import { readFile } from 'node:fs/promises';
import type { CheckedCsvFile, ColumnDescription, Connection, Dialect, NativeCsvLoader } from '../adapters/contract.js';
import { StrataError } from '../errors/strata-error.js';
import type { RelationName } from '../manifest/types.js';
import { writeCanonicalCopy } from '../seeds/canonical-csv.js';
import { checkCsvBytes } from '../seeds/csv-text.js';
import { readSeedBytes, type ReadSeedOptions, type SeedFile } from '../seeds/seed-file.js';
import { seedTypeName } from '../seeds/seed-types.js';

/** A file larger than this is loaded while it is read, with the types its first lines suggest. */
const GUESS_BYTES = 1 << 20;

const LF = 0x0a;

/** What a native seed load needs: the warehouse, the staging table, the file. */
export interface NativeSeedLoad {
  connection: Connection & NativeCsvLoader;
  dialect: Dialect;
  staging: RelationName;
  reading: ReadSeedOptions;
  /** the run's record of statements, appended to */
  executedSql: string[];
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Load a seed into `staging` with the warehouse's own CSV reader (DuckDB's read_csv), given
 * explicit columns with the types Strata's strict reading infers: from the original file
 * when that reader reads it as Strata does, else from a canonical copy.
 *
 * Reading a large file strictly takes about as long as loading it, so both run at once: the
 * load starts with the types of the file's first megabyte, and is kept when the whole file
 * turns out to have those types and to be readable as it is (the load then ran exactly as
 * it would have after the reading); otherwise it is redone with the types read. A mistake
 * in the file fails as the strict reading reports it (file, line, fix), after the early
 * load's table is dropped. Resolves to the file as read.
 */
export async function loadSeedNatively(load: NativeSeedLoad): Promise<SeedFile> {
  const { reading } = load;
  const bytes = checkCsvBytes(await readFile(reading.csvPath), reading.displayPath);
  const guess = guessSeed(bytes, reading);
  // The load is on its way (in the warehouse's threads) before the reading below blocks.
  const early =
    guess &&
    settle(loadFile(load, guess, originalFile(reading), 'while the file is read, with the types of its first lines'));
  let seed: SeedFile;
  try {
    seed = readSeedBytes(bytes, reading);
  } catch (error) {
    if (early) {
      await early;
      // The file's mistake is the error to report; a staging table left behind is dropped
      // by the next load.
      await load.connection.execute(load.dialect.dropRelation(load.staging, 'table')).catch(() => undefined);
    }
    throw error;
  }
  const asItIs = readsAsItIs(seed);
  if (early && asItIs && sameColumns(load.dialect, guess, seed)) {
    const outcome = await early;
    if (!outcome.ok) throw outcome.error;
    checkRowCount(outcome.value, seed, reading.displayPath);
    return seed;
  }
  await early; // whatever it loaded is replaced below
  const copy = asItIs ? undefined : await writeCanonicalCopy(reading);
  try {
    const file: CheckedCsvFile = copy ? { path: copy.path, delimiter: ',', header: false } : originalFile(reading);
    checkRowCount(
      await loadFile(load, seed, file, copy ? 'from a canonical copy' : undefined),
      seed,
      reading.displayPath,
    );
  } finally {
    await copy?.remove();
  }
  return seed;
}

function originalFile(reading: ReadSeedOptions): CheckedCsvFile {
  return { path: reading.csvPath, delimiter: reading.delimiter, header: true };
}

/**
 * Whether the warehouse's reader, given the explicit settings, reads the file's very rows.
 * DuckDB's skips a blank line between rows of two or more fields, but reads one as a NULL
 * row in a one-column file.
 */
function readsAsItIs(seed: SeedFile): boolean {
  return seed.plain || (seed.plainButBlankLines && seed.header.length > 1);
}

// The file's whole lines in its first GUESS_BYTES, read as a seed; none for a small file,
// or when those lines alone are no seed the warehouse can read as it is.
function guessSeed(bytes: Buffer, reading: ReadSeedOptions): SeedFile | undefined {
  if (bytes.length <= GUESS_BYTES) return undefined;
  const end = bytes.lastIndexOf(LF, GUESS_BYTES);
  if (end < 0) return undefined;
  try {
    const guess = readSeedBytes(bytes.subarray(0, end + 1), { ...reading, onRow: undefined });
    return guess.rowCount > 0 && readsAsItIs(guess) ? guess : undefined;
  } catch {
    return undefined; // the whole reading reports it
  }
}

function columnsOf(dialect: Dialect, seed: SeedFile): ColumnDescription[] {
  return seed.header.map((name, i) => ({ name, dataType: seedTypeName(dialect, seed.types[i]!) }));
}

function sameColumns(dialect: Dialect, guess: SeedFile, seed: SeedFile): boolean {
  const guessed = columnsOf(dialect, guess);
  return columnsOf(dialect, seed).every(
    (column, i) => column.name === guessed[i]?.name && column.dataType === guessed[i]?.dataType,
  );
}

function loadFile(load: NativeSeedLoad, seed: SeedFile, file: CheckedCsvFile, how?: string): Promise<number> {
  const { dialect, staging } = load;
  load.executedSql.push(
    `-- native CSV load of ${load.reading.csvPath} into ${dialect.renderRelation(staging)}${how ? `, ${how}` : ''}`,
  );
  return load.connection.loadCsv(staging, file, columnsOf(dialect, seed));
}

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

// Both readers were given the same settings; a different count would mean they disagree.
function checkRowCount(loaded: number, seed: SeedFile, file: string): void {
  if (loaded === seed.rowCount) return;
  throw new StrataError(
    `The warehouse read ${loaded} rows from the seed file, ` +
      `Strata's CSV reader read ${seed.rowCount}; nothing was replaced.`,
    {
      location: { file },
      hint:
        'Please report this with the file; ' +
        'quoting every field that holds a quote or a line end avoids it meanwhile.',
    },
  );
}
