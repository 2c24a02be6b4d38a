import { BaseDialect } from '../../../src/adapters/base-dialect.js';
import type { Connection, Dialect, ExistingRelation } from '../../../src/adapters/contract.js';
import { createDialect } from '../../../src/adapters/registry.js';
import type { CatalogPartition, CatalogTable } from '../../../src/adapters/table-catalog.js';
import { catalogStepText, type CatalogStep, type TableState } from '../../../src/materializations/catalog-step.js';
import type { PlanStep } from '../../../src/materializations/plan-step.js';

export const WAREHOUSES = ['duckdb', 'athena', 'redshift', 'snowflake'] as const;
type Warehouse = (typeof WAREHOUSES)[number];
export const duckdb = createDialect('duckdb');
export const orders = { schema: 'shop', identifier: 'orders' };

/**
 * A warehouse with neither transactional DDL nor an atomic CREATE OR REPLACE TABLE (the
 * base dialect's defaults), whose RENAME TO takes a qualified name: swaps move the old
 * relation aside.
 */
class RenameAsideDialect extends BaseDialect {
  readonly name = 'rename-aside';
  protected override readonly qualifyRenameTarget = true;
}
export const renameAside: Dialect = new RenameAsideDialect();

/** A plan as golden text: one `-- purpose` line then the SQL (or the catalog step), per step. */
export function golden(steps: Array<PlanStep | CatalogStep>): string {
  return steps
    .map((s) => {
      const rows = 'reportsRows' in s && s.reportsRows ? ' [rows]' : '';
      return `-- ${s.purpose}${rows}\n${'kind' in s ? catalogStepText(s) : s.sql};`;
    })
    .join('\n');
}

/**
 * The same plan for every warehouse, keyed by name (a thrown error becomes its message);
 * a warehouse that goes another way (Athena: the catalog plans) gives its own.
 */
export function sideBySide(
  plan: (dialect: Dialect) => PlanStep[],
  own: Partial<Record<Warehouse, (dialect: Dialect) => Array<PlanStep | CatalogStep>>> = {},
): Record<string, string> {
  return Object.fromEntries(
    WAREHOUSES.map((name) => {
      try {
        return [name, golden((own[name] ?? plan)(createDialect(name)))];
      } catch (error) {
        return [name, `error: ${(error as Error).message}`];
      }
    }),
  );
}

/** A connection that records statements, fails on a chosen one, and lists given relations. */
export function recordingConnection(options: {
  relations?: ExistingRelation[];
  failOn?: RegExp;
  rows?: number;
}): Connection & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    async execute(sql) {
      sent.push(sql);
      if (options.failOn?.test(sql)) throw new Error(`boom: ${sql.split('\n')[0]}`);
      return { rowsAffected: options.rows };
    },
    async query() {
      return { columns: [], rows: [] };
    },
    async listRelations() {
      return options.relations ?? [];
    },
    async getColumns() {
      return [];
    },
    async cancel() {},
    async close() {},
  };
}

/** Athena's data location in the catalog plans' tests. */
export const LAKE = 's3://lake/tables/';

/** A Glue-like table entry at `location`, partitioned by `keys`. */
export function catalogTable(location: string, columns: string[] = ['id', 'n'], keys: string[] = []): CatalogTable {
  return {
    kind: 'table',
    location,
    partitionKeys: keys,
    columns: columns.map((name) => ({ name, dataType: 'integer' })),
  };
}

/** A partition of values `values` at `location`. */
export function partition(location: string, ...values: string[]): CatalogPartition {
  return { values, location };
}

/** A table and its partitions, as the catalog plans read them. */
export function tableState(table: CatalogTable, partitions: CatalogPartition[] = []): TableState {
  return { table, partitions };
}
