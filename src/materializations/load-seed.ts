import { writesCatalogTables } from '../adapters/catalog-tables.js';
import {
  canCopyCsv,
  canInsertBoundRows,
  canLoadCsvNatively,
  type CheckedCsvFile,
  type Connection,
  type Dialect,
} from '../adapters/contract.js';
import { StrataError } from '../errors/strata-error.js';
import type { RelationName } from '../manifest/types.js';
import { writeCanonicalCopy } from './canonical-csv.js';
import type { CsvTable } from './csv-parse.js';
import { PlanExecutor } from './execute-plan.js';
import { inspectWith, type RelationInspector } from './introspect.js';
import { loadCatalogSeed } from './materialize-catalog-table.js';
import type { MaterializationResult } from './materialization-result.js';
import { DEFAULT_SEED_BATCH_SIZE, planSeedInserts } from './plan-seed.js';
import { STAGING_SUFFIX, withSuffix, type PlanStep } from './plan-step.js';
import { dropLeftoverStaging, planSwap } from './plan-table.js';
import { readSeedFile, type ReadSeedOptions, type SeedFile } from './seed-file.js';
import { seedTypeName } from './seed-types.js';

/** Everything the runner hands over to load one seed. */
export interface LoadSeedInput {
  connection: Connection;
  dialect: Dialect;
  relation: RelationName;
  /** absolute path of the CSV file */
  csvPath: string;
  /** the path shown in error messages (project-relative); defaults to csvPath */
  displayPath?: string;
  /** `column_types` overrides, as warehouse type names */
  columnTypes?: Record<string, string>;
  delimiter?: string;
  /** accepted for parity with dbt: the table is always rebuilt and swapped in atomically */
  fullRefresh?: boolean;
  /** load through batched INSERTs even when the warehouse reads CSV natively */
  portable?: boolean;
  batchSize?: number;
  /** what exists already; default: list the schema through the connection */
  inspect?: RelationInspector;
}

/**
 * Load a CSV seed into its table. The file is read strictly first (a mistake in it fails
 * with its file and line before the warehouse is touched), then the table is built beside
 * the old one, with the types that reading inferred, by the warehouse's fastest means
 * (DuckDB's read_csv, Redshift's COPY, bound or literal INSERTs), and swapped in, so a
 * bad file leaves the old table in place. The schema must exist.
 */
export async function loadSeed(input: LoadSeedInput): Promise<MaterializationResult> {
  const { connection, dialect, relation } = input;
  // Files plus a catalog entry (Athena): the connection reads, uploads, registers and swaps.
  if (writesCatalogTables(connection)) return loadCatalogSeed(connection, input);
  const reading: ReadSeedOptions = {
    csvPath: input.csvPath,
    displayPath: input.displayPath ?? input.csvPath,
    delimiter: input.delimiter ?? ',',
    columnTypes: input.columnTypes,
  };
  const native = canLoadCsvNatively(connection) && !input.portable;
  const bulk = native || canCopyCsv(connection);
  const rows: string[][] = [];
  const seed = await readSeedFile({ ...reading, onRow: bulk ? undefined : (fields) => rows.push(fields) });

  const staging = withSuffix(relation, STAGING_SUFFIX);
  const state = await inspectWith(input.inspect, connection, relation);
  const executor = new PlanExecutor(connection, dialect);
  await executor.run(dropLeftoverStaging(dialect, relation, state.existingStaging));
  const table: CsvTable = { header: seed.header, rows };
  const plan = planSeedInserts(dialect, { relation: staging, table, types: seed.types, batchSize: input.batchSize });

  // DuckDB reads a plain file as it is; anything else, and Redshift's COPY, reads a canonical copy.
  const copy = bulk && !(native && readsAsItIs(seed)) ? await writeCanonicalCopy(reading) : undefined;
  try {
    const file: CheckedCsvFile = copy
      ? { path: copy.path, delimiter: ',', header: false }
      : { path: reading.csvPath, delimiter: reading.delimiter, header: true };
    if (native) {
      const columns = seed.header.map((name, i) => ({ name, dataType: seedTypeName(dialect, seed.types[i]!) }));
      executor.executedSql.push(`-- native CSV load of ${input.csvPath}${copy ? ' (a canonical copy)' : ''} into ${dialect.renderRelation(staging)}`);
      checkRowCount(await connection.loadCsv(staging, file, columns), seed, reading.displayPath);
    } else if (canCopyCsv(connection)) {
      await executor.run(plan.slice(0, 1));
      executor.executedSql.push(await connection.copyCsv(staging, seed.header, file));
    } else {
      await insertRows(input, staging, executor, plan, table);
    }
  } finally {
    await copy?.remove();
  }
  await executor.run(planSwap(dialect, relation, state));
  const count = seed.rowCount;
  return { kind: 'table', rowsAffected: count, executedSql: executor.executedSql, message: `INSERT ${count}` };
}

/** Rows without a bulk loader: bound-row inserts where the driver has them, else SQL literals. */
async function insertRows(input: LoadSeedInput, staging: RelationName, executor: PlanExecutor, plan: PlanStep[], table: CsvTable): Promise<void> {
  const { connection, dialect } = input;
  if (!canInsertBoundRows(connection)) return executor.run(plan);
  await executor.run(plan.slice(0, 1));
  const batchSize = input.batchSize ?? DEFAULT_SEED_BATCH_SIZE;
  for (let start = 0; start < table.rows.length; start += batchSize) {
    const batch = table.rows.slice(start, start + batchSize).map((row) => row.map((value) => (value === '' ? null : value)));
    executor.executedSql.push(`-- bound insert of rows ${start + 1}-${start + batch.length} into ${dialect.renderRelation(staging)}`);
    await connection.insertRows(staging, table.header, batch);
  }
}

/**
 * Whether DuckDB's read_csv, given the explicit settings, reads the file's very rows. It
 * skips a blank line between rows of two or more fields, but reads one as a NULL row in a
 * one-column file.
 */
function readsAsItIs(seed: SeedFile): boolean {
  return seed.plain || (seed.plainButBlankLines && seed.header.length > 1);
}

// Both readers were given the same settings; a different count would mean they disagree.
function checkRowCount(loaded: number, seed: SeedFile, file: string): void {
  if (loaded === seed.rowCount) return;
  throw new StrataError(`The warehouse read ${loaded} rows from the seed file, Strata's CSV reader read ${seed.rowCount}; nothing was replaced.`, {
    location: { file },
    hint: 'Please report this with the file; quoting every field that holds a quote or a line end avoids it meanwhile.',
  });
}
