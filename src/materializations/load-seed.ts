import {
  canCopyCsv,
  canInsertBoundRows,
  canLoadCsvNatively,
  type Connection,
  type Dialect,
} from '../adapters/contract.js';
import { hasTableCatalog } from '../adapters/table-catalog.js';
import type { RelationName } from '../manifest/types.js';
import { writeCanonicalCopy } from '../seeds/canonical-csv.js';
import type { CsvTable } from '../seeds/csv-parse.js';
import { PlanExecutor } from './execute-plan.js';
import { inspectWith, type RelationInspector } from './introspect.js';
import { loadSeedNatively } from './load-seed-natively.js';
import { loadCatalogSeed } from './materialize-catalog-table.js';
import { loadedSeedResult, type MaterializationResult } from './materialization-result.js';
import { DEFAULT_SEED_BATCH_SIZE, planSeedInserts } from './plan-seed.js';
import { STAGING_SUFFIX, withSuffix, type PlanStep } from './plan-step.js';
import { dropLeftoverStaging, planSwap, type SwapState } from './plan-table.js';
import { readSeedFile, type ReadSeedOptions, type SeedFile } from '../seeds/seed-file.js';

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
 * Load a CSV seed into its table. The file is read strictly (a mistake in it fails with its
 * file and line), the table is built beside the old one, with the types that reading
 * inferred, by the warehouse's fastest means (DuckDB's read_csv, Redshift's COPY, bound or
 * literal INSERTs), and swapped in, so a bad file leaves the old table in place. The schema
 * must exist.
 */
export async function loadSeed(input: LoadSeedInput): Promise<MaterializationResult> {
  const { connection, dialect, relation } = input;
  // Files plus a catalog entry (Athena): staged as a table of text, built from it and swapped.
  if (hasTableCatalog(connection)) return loadCatalogSeed(connection, dialect, input);
  const reading: ReadSeedOptions = {
    csvPath: input.csvPath,
    displayPath: input.displayPath ?? input.csvPath,
    delimiter: input.delimiter ?? ',',
    columnTypes: input.columnTypes,
  };
  const staging = withSuffix(relation, STAGING_SUFFIX);
  const executor = new PlanExecutor(connection, dialect);
  let state: SwapState;
  let seed: SeedFile;
  if (canLoadCsvNatively(connection) && !input.portable) {
    // The load runs while the file is read, into a staging table nothing else uses.
    state = await prepareStaging(input, executor);
    seed = await loadSeedNatively({ connection, dialect, staging, reading, executedSql: executor.executedSql });
  } else {
    // The file is read before the warehouse is touched.
    const bulk = canCopyCsv(connection);
    const rows: string[][] = [];
    seed = await readSeedFile({ ...reading, onRow: bulk ? undefined : (fields) => rows.push(fields) });
    state = await prepareStaging(input, executor);
    const table: CsvTable = { header: seed.header, rows };
    const plan = planSeedInserts(dialect, { relation: staging, table, types: seed.types, batchSize: input.batchSize });
    if (canCopyCsv(connection)) {
      // Redshift's COPY reads a canonical copy.
      const copy = await writeCanonicalCopy(reading);
      try {
        await executor.run(plan.slice(0, 1));
        executor.executedSql.push(
          await connection.copyCsv(staging, seed.header, { path: copy.path, delimiter: ',', header: false }),
        );
      } finally {
        await copy.remove();
      }
    } else {
      await insertRows(input, staging, executor, plan, table);
    }
  }
  await executor.run(planSwap(dialect, relation, state));
  return loadedSeedResult(seed, executor.executedSql);
}

/** What exists already, with a staging table a failed run left behind dropped. */
async function prepareStaging(input: LoadSeedInput, executor: PlanExecutor): Promise<SwapState> {
  const state = await inspectWith(input.inspect, input.connection, input.relation);
  await executor.run(dropLeftoverStaging(input.dialect, input.relation, state.existingStaging));
  return state;
}

/** Rows without a bulk loader: bound-row inserts where the driver has them, else SQL literals. */
async function insertRows(
  input: LoadSeedInput,
  staging: RelationName,
  executor: PlanExecutor,
  plan: PlanStep[],
  table: CsvTable,
): Promise<void> {
  const { connection, dialect } = input;
  if (!canInsertBoundRows(connection)) return executor.run(plan);
  await executor.run(plan.slice(0, 1));
  const batchSize = input.batchSize ?? DEFAULT_SEED_BATCH_SIZE;
  for (let start = 0; start < table.rows.length; start += batchSize) {
    const batch = table.rows
      .slice(start, start + batchSize)
      .map((row) => row.map((value) => (value === '' ? null : value)));
    executor.executedSql.push(
      `-- bound insert of rows ${start + 1}-${start + batch.length} into ${dialect.renderRelation(staging)}`,
    );
    await connection.insertRows(staging, table.header, batch);
  }
}
