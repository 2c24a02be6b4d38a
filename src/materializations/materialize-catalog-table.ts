import { randomUUID } from 'node:crypto';
import type { Dialect } from '../adapters/contract.js';
import { DatabaseError } from '../adapters/database-error.js';
import type { CatalogConnection, TableCatalog } from '../adapters/table-catalog.js';
import type { NodeConfig, RelationName } from '../manifest/types.js';
import { readSeedFile } from '../seeds/seed-file.js';
import { buildLocation, ownedRoots } from './catalog-data.js';
import type { CatalogStep, TableState } from './catalog-step.js';
import { CatalogPlanExecutor } from './execute-catalog-plan.js';
import { loadedSeedResult, statusMessage, type MaterializationResult } from './materialization-result.js';
import { planCatalogDrop, planCatalogSwap, planCatalogTable } from './plan-catalog-table.js';
import { STAGING_SUFFIX, withSuffix } from './plan-step.js';

/**
 * Tables on warehouses whose tables are files plus a catalog entry (Athena): read the
 * catalog, plan (`plan-catalog-table.ts`), run, read what the build made, plan the swap,
 * run.
 */

/** A model's `location` counts only when it is a warehouse location (`s3://`); a local path is DuckDB's. */
export function catalogLocation(config: Pick<NodeConfig, 'location'>): string | undefined {
  return config.location?.startsWith('s3://') ? config.location : undefined;
}

/** A table's entry and, when it is partitioned, its partitions; undefined when there is none. */
export async function readTableState(catalog: TableCatalog, relation: RelationName): Promise<TableState | undefined> {
  const table = await catalog.getTable(relation);
  if (table === undefined) return undefined;
  return { table, partitions: table.partitionKeys.length > 0 ? await catalog.getPartitions(relation) : [] };
}

/** A table build: the query, and how its files are laid out. */
export interface CatalogTableBuild {
  relation: RelationName;
  selectSql: string;
  partitionBy?: string[];
  /** an `s3://` prefix under which this model's builds go, instead of the catalog's data location */
  location?: string;
  /** table properties the table has from the swap on, set in the same catalog update (a commit-fed model's cursor) */
  properties?: Readonly<Record<string, string>>;
}

/** Build `relation` at a fresh location and swap it in for the table that exists. */
export async function replaceCatalogTable(
  executor: CatalogPlanExecutor,
  dialect: Dialect,
  build: CatalogTableBuild,
): Promise<void> {
  const { catalog } = executor;
  const { relation } = build;
  const staging = withSuffix(relation, STAGING_SUFFIX);
  const roots = ownedRoots(catalog.dataLocation, build.location);
  const existing = await readTableState(catalog, relation);
  const old = existing?.table.kind === 'table' ? existing : undefined;
  const existingStaging = old ? await readTableState(catalog, staging) : undefined;
  const location = buildLocation(catalog.dataLocation, relation, randomUUID(), build.location);
  await executor.run(planCatalogTable(dialect, { ...build, existing, existingStaging, location, roots }));
  if (old === undefined) {
    if (!build.properties) return;
    const fresh = withPropertiesOf(await readTableState(catalog, relation), build.properties);
    await executor.run([withProperties(relation, fresh)]);
    return;
  }
  const built = withPropertiesOf(await readTableState(catalog, staging), build.properties);
  if (built === undefined) {
    const name = `${staging.schema}.${staging.identifier}`;
    throw new DatabaseError(
      dialect.name,
      `${dialect.name}: the table just built, ${name}, is missing from the catalog.`,
      '',
    );
  }
  await executor.run(planCatalogSwap({ relation, old, built, roots }));
}

/** `state` whose table gains `properties` (kept as is without any). */
function withPropertiesOf(state: TableState | undefined, properties?: Readonly<Record<string, string>>) {
  if (state === undefined || properties === undefined) return state;
  return { ...state, table: { ...state.table, properties: { ...state.table.properties, ...properties } } };
}

/** The step setting `properties` on a table just built under its own name (no swap to carry them). */
function withProperties(relation: RelationName, state: TableState | undefined): CatalogStep {
  if (state === undefined) throw new Error(`the table just built, ${relation.identifier}, is missing from the catalog`);
  return { kind: 'repoint-table', relation, to: state.table, purpose: 'store the table properties' };
}

/** A table model: built and swapped in. */
export async function materializeCatalogTable(
  connection: CatalogConnection,
  dialect: Dialect,
  relation: RelationName,
  selectSql: string,
  config: Pick<NodeConfig, 'location' | 'partitionBy'>,
): Promise<MaterializationResult> {
  const executor = new CatalogPlanExecutor(connection, connection.tableCatalog);
  const build = { relation, selectSql, partitionBy: config.partitionBy, location: catalogLocation(config) };
  await replaceCatalogTable(executor, dialect, build);
  const rows = executor.rowsAffected;
  return {
    kind: 'table',
    rowsAffected: rows,
    executedSql: executor.executedSql,
    message: statusMessage('SELECT', rows),
  };
}

/** Drop a table and delete the data under the catalog's data location (a model switched from table to view). */
export async function dropCatalogTable(
  connection: CatalogConnection,
  dialect: Dialect,
  relation: RelationName,
): Promise<string[]> {
  const catalog = connection.tableCatalog;
  const executor = new CatalogPlanExecutor(connection, catalog);
  const state = await readTableState(catalog, relation);
  const roots = ownedRoots(catalog.dataLocation);
  await executor.run(planCatalogDrop(dialect, relation, state, roots, [], { what: 'the table a view replaces' }));
  return executor.executedSql;
}

/** What a seed load needs. */
export interface CatalogSeedInput {
  relation: RelationName;
  csvPath: string;
  displayPath?: string;
  columnTypes?: Record<string, string>;
  delimiter?: string;
}

/**
 * A seed: read strictly (errors name the file and line) before anything is touched; its
 * rows staged as a table of text (`<name>__strata_tmp_csv`) that the table is built from
 * like a model's; the staged table and its file removed after.
 */
export async function loadCatalogSeed(
  connection: CatalogConnection,
  dialect: Dialect,
  input: CatalogSeedInput,
): Promise<MaterializationResult> {
  const rows: string[][] = [];
  const seed = await readSeedFile({
    csvPath: input.csvPath,
    displayPath: input.displayPath ?? input.csvPath,
    delimiter: input.delimiter ?? ',',
    columnTypes: input.columnTypes ?? {},
    onRow: (fields) => rows.push(fields),
  });
  const catalog = connection.tableCatalog;
  const executor = new CatalogPlanExecutor(connection, catalog);
  const csvTable = withSuffix(input.relation, `${STAGING_SUFFIX}_csv`);
  const location = buildLocation(catalog.dataLocation, csvTable, randomUUID());
  const leftover = await readTableState(catalog, csvTable);
  const roots = ownedRoots(catalog.dataLocation);
  await executor.run(planCatalogDrop(dialect, csvTable, leftover, roots, [], { what: 'a leftover seed upload' }));
  const selectSql = await catalog.stageSeed(csvTable, location, { header: seed.header, rows, types: seed.types });
  try {
    await replaceCatalogTable(executor, dialect, { relation: input.relation, selectSql });
  } finally {
    await catalog.deleteTableEntry(csvTable).catch(() => undefined);
    await catalog.deleteData(location, []).catch(() => undefined);
  }
  return loadedSeedResult(seed, executor.executedSql);
}
