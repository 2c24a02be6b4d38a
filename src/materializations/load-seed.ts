import { readFile } from 'node:fs/promises';
import { writesCatalogTables } from '../adapters/catalog-tables.js';
import { canCopyCsv, canInsertBoundRows, canLoadCsvNatively, type Connection, type Dialect } from '../adapters/contract.js';
import type { RelationName } from '../manifest/types.js';
import { parseCsv } from './csv-parse.js';
import { PlanExecutor } from './execute-plan.js';
import { inspectWith, type RelationInspector } from './introspect.js';
import { loadCatalogSeed } from './materialize-catalog-table.js';
import type { MaterializationResult } from './materialization-result.js';
import { DEFAULT_SEED_BATCH_SIZE, planSeedInserts } from './plan-seed.js';
import { STAGING_SUFFIX, withSuffix } from './plan-step.js';
import { dropLeftoverStaging, planSwap } from './plan-table.js';
import { inferSeedTypes } from './seed-types.js';

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
 * Load a CSV seed into its table: built beside the old one (natively, e.g. DuckDB's
 * read_csv, or with typed CREATE TABLE + batched INSERTs), then swapped in, so a bad file
 * leaves the old table in place. The schema must exist.
 */
export async function loadSeed(input: LoadSeedInput): Promise<MaterializationResult> {
  const { connection, dialect, relation } = input;
  // Files plus a catalog entry (Athena): the connection uploads, registers and swaps.
  if (writesCatalogTables(connection)) return loadCatalogSeed(connection, input);
  const staging = withSuffix(relation, STAGING_SUFFIX);
  const state = await inspectWith(input.inspect, connection, relation);
  const executor = new PlanExecutor(connection, dialect);
  await executor.run(dropLeftoverStaging(dialect, relation, state.existingStaging));

  let rows: number;
  if (canLoadCsvNatively(connection) && !input.portable) {
    const options = { columnTypes: input.columnTypes ?? {}, delimiter: input.delimiter ?? ',' };
    await connection.loadCsv(staging, input.csvPath, options);
    executor.executedSql.push(`-- native CSV load of ${input.csvPath} into ${dialect.renderRelation(staging)}`);
    const count = await connection.query(`SELECT count(*) AS n FROM ${dialect.renderRelation(staging)}`);
    rows = Number(count.rows[0]?.['n'] ?? 0);
  } else {
    rows = await loadParsedCsv(input, staging, executor);
  }
  await executor.run(planSwap(dialect, relation, state));
  return { kind: 'table', rowsAffected: rows, executedSql: executor.executedSql, message: `INSERT ${rows}` };
}

/**
 * The portable load: CREATE TABLE with the inferred types, then the rows by the
 * connection's best means: a bulk copy of the file, bound-row inserts, or SQL literals.
 */
async function loadParsedCsv(input: LoadSeedInput, staging: RelationName, executor: PlanExecutor): Promise<number> {
  const { connection, dialect } = input;
  const table = parseCsv(await readFile(input.csvPath, 'utf8'), input.displayPath ?? input.csvPath, input.delimiter);
  const types = inferSeedTypes(table.header, table.rows, input.columnTypes);
  const plan = planSeedInserts(dialect, { relation: staging, table, types, batchSize: input.batchSize });
  if (canCopyCsv(connection)) {
    await executor.run(plan.slice(0, 1));
    executor.executedSql.push(await connection.copyCsv(staging, table.header, input.csvPath, input.delimiter ?? ','));
  } else if (canInsertBoundRows(connection)) {
    await executor.run(plan.slice(0, 1));
    const batchSize = input.batchSize ?? DEFAULT_SEED_BATCH_SIZE;
    for (let start = 0; start < table.rows.length; start += batchSize) {
      const batch = table.rows.slice(start, start + batchSize).map((row) => row.map((value) => (value === '' ? null : value)));
      executor.executedSql.push(`-- bound insert of rows ${start + 1}-${start + batch.length} into ${dialect.renderRelation(staging)}`);
      await connection.insertRows(staging, table.header, batch);
    }
  } else {
    await executor.run(plan);
  }
  return table.rows.length;
}
