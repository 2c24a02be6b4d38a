import { randomUUID } from 'node:crypto';
import type { Dialect } from '../adapters/contract.js';
import type { CatalogConnection } from '../adapters/table-catalog.js';
import type { IncrementalStrategy, NodeConfig, RelationName } from '../manifest/types.js';
import { buildLocation, locationsIn, ownedRoots } from './catalog-data.js';
import { sqlSteps } from './catalog-step.js';
import { CatalogPlanExecutor } from './execute-catalog-plan.js';
import { catalogLocation, readTableState, replaceCatalogTable } from './materialize-catalog-table.js';
import { statusMessage, type MaterializationResult } from './materialization-result.js';
import { keepUnmatched, planCatalogIncoming, planCatalogWrite } from './plan-catalog-incremental.js';
import { planCatalogDrop } from './plan-catalog-table.js';
import { keyColumns, type IncrementalConfig } from './plan-incremental.js';
import { INCOMING_SUFFIX, withSuffix } from './plan-step.js';
import { diffColumns, planSchemaChange } from './schema-change.js';

/**
 * An incremental model that exists, on a catalog warehouse (Athena): build the new rows
 * beside the table, read their columns, run the schema change, then append, exchange
 * partitions, or rebuild (`plan-catalog-incremental.ts`). The new rows' table goes after.
 */
export async function writeCatalogIncremental(
  connection: CatalogConnection,
  dialect: Dialect,
  relation: RelationName,
  selectSql: string,
  strategy: IncrementalStrategy,
  config: IncrementalConfig & Pick<NodeConfig, 'location' | 'partitionBy'>,
): Promise<MaterializationResult> {
  const catalog = connection.tableCatalog;
  const executor = new CatalogPlanExecutor(connection, catalog);
  const modelLocation = catalogLocation(config);
  const roots = ownedRoots(catalog.dataLocation, modelLocation);
  const incoming = withSuffix(relation, INCOMING_SUFFIX);
  const live = await readTableState(catalog, relation);
  const leftover = await readTableState(catalog, incoming);
  const location = buildLocation(catalog.dataLocation, relation, randomUUID(), modelLocation);
  const { partitionBy } = config;
  await executor.run(
    planCatalogIncoming(dialect, { relation, selectSql, partitionBy, live, leftover, location, roots }),
  );
  const builtRows = executor.rowsAffected ?? 0;
  let rows: number;
  try {
    const arriving = await readTableState(catalog, incoming);
    const existingColumns = live?.table.columns ?? [];
    const newColumns = arriving?.table.columns ?? [];
    const diff = diffColumns(existingColumns, newColumns);
    const change = planSchemaChange(dialect, relation, diff, config.onSchemaChange ?? 'ignore');
    await executor.run(sqlSteps(change.steps));
    // The ALTERs changed the table's columns (its partitions stay as they were).
    const table = change.steps.length > 0 ? await catalog.getTable(relation) : live?.table;
    if (strategy === 'merge' || strategy === 'delete+insert') {
      const uniqueKey = keyColumns(config.uniqueKey ?? [], change.columns, relation);
      const names = newColumns.map((c) => c.name);
      const rebuild = keepUnmatched(dialect, relation, incoming, table?.columns ?? existingColumns, names, uniqueKey);
      await replaceCatalogTable(executor, dialect, {
        relation,
        selectSql: rebuild,
        partitionBy,
        location: modelLocation,
      });
      rows = builtRows;
    } else {
      const now = table && live ? { table, partitions: live.partitions } : undefined;
      const write = planCatalogWrite(dialect, {
        relation,
        strategy,
        live: now,
        arriving,
        columns: change.columns,
        roots,
      });
      await executor.run(write.steps);
      rows = write.rowsFromBuild ? builtRows : (executor.rowsAffected ?? 0);
    }
  } finally {
    // A failed cleanup must not hide the outcome; the next run drops the leftover first.
    const keep = live ? locationsIn(live) : [];
    await readTableState(catalog, incoming)
      .then((state) => executor.run(planCatalogDrop(dialect, incoming, state, roots, keep, { what: 'the new rows' })))
      .catch(() => undefined);
  }
  const verb = strategy === 'merge' ? 'MERGE' : 'INSERT';
  return { kind: 'table', rowsAffected: rows, executedSql: executor.executedSql, message: statusMessage(verb, rows) };
}
