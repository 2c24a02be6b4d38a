import type { CatalogTableWriter, CatalogWriteResult } from '../adapters/catalog-tables.js';
import type { Connection } from '../adapters/contract.js';
import type { IncrementalStrategy, NodeConfig, RelationName } from '../manifest/types.js';
import { statusMessage, type MaterializationResult } from './materialization-result.js';
import type { IncrementalConfig } from './plan-incremental.js';

/**
 * Tables on warehouses whose tables are files plus a catalog entry (Athena): the
 * connection builds at a fresh location and swaps in the catalog, so the plan here is only
 * which of its operations to call.
 */

type CatalogConnection = Connection & CatalogTableWriter;

/** A model's `location` counts only when it is a warehouse location (`s3://`); a local path is DuckDB's. */
export function catalogLocation(config: Pick<NodeConfig, 'location'>): string | undefined {
  return config.location?.startsWith('s3://') ? config.location : undefined;
}

/** A table model: built and swapped in. */
export async function materializeCatalogTable(
  connection: CatalogConnection,
  relation: RelationName,
  selectSql: string,
  config: Pick<NodeConfig, 'location' | 'partitionBy'>,
): Promise<MaterializationResult> {
  const built = await connection.replaceTable({
    relation,
    selectSql,
    partitionBy: config.partitionBy,
    location: catalogLocation(config),
  });
  return result(built, 'SELECT');
}

/** An incremental model that exists: append, or overwrite the partitions the new rows touch. */
export async function writeCatalogIncremental(
  connection: CatalogConnection,
  relation: RelationName,
  selectSql: string,
  strategy: IncrementalStrategy,
  config: IncrementalConfig & Pick<NodeConfig, 'location' | 'partitionBy'>,
): Promise<MaterializationResult> {
  const written = await connection.writeIncremental({
    relation,
    selectSql,
    strategy,
    uniqueKey: config.uniqueKey,
    partitionBy: config.partitionBy,
    location: catalogLocation(config),
    onSchemaChange: config.onSchemaChange,
  });
  return result(written, strategy === 'merge' ? 'MERGE' : 'INSERT');
}

function result(written: CatalogWriteResult, verb: 'SELECT' | 'INSERT' | 'MERGE'): MaterializationResult {
  return {
    kind: 'table',
    rowsAffected: written.rowsAffected,
    executedSql: written.executedSql,
    message: statusMessage(verb, written.rowsAffected),
  };
}

/** What a seed load needs. */
export interface CatalogSeedInput {
  relation: RelationName;
  csvPath: string;
  displayPath?: string;
  columnTypes?: Record<string, string>;
  delimiter?: string;
}

/** A seed: the connection uploads the file, registers it, and builds the table from it. */
export async function loadCatalogSeed(
  connection: CatalogConnection,
  input: CatalogSeedInput,
): Promise<MaterializationResult> {
  const loaded = await connection.replaceFromCsv(input.relation, input.csvPath, {
    columnTypes: input.columnTypes ?? {},
    delimiter: input.delimiter ?? ',',
    displayPath: input.displayPath ?? input.csvPath,
  });
  const rows = loaded.rowsAffected ?? 0;
  return { kind: 'table', rowsAffected: rows, executedSql: loaded.executedSql, message: `INSERT ${rows}` };
}
