import { BaseDialect } from '../../../src/adapters/base-dialect.js';
import type { Connection, Dialect, ExistingRelation } from '../../../src/adapters/contract.js';
import { createDialect } from '../../../src/adapters/registry.js';
import type { PlanStep } from '../../../src/materializations/plan-step.js';

export const WAREHOUSES = ['duckdb', 'athena', 'redshift', 'snowflake'] as const;
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

/** A plan as golden text: one `-- purpose` line then the SQL, per step. */
export function golden(steps: PlanStep[]): string {
  return steps.map((s) => `-- ${s.purpose}${s.reportsRows ? ' [rows]' : ''}\n${s.sql};`).join('\n');
}

/** The same plan for every warehouse, keyed by name (a thrown error becomes its message). */
export function sideBySide(plan: (dialect: Dialect) => PlanStep[]): Record<string, string> {
  return Object.fromEntries(
    WAREHOUSES.map((name) => {
      try {
        return [name, golden(plan(createDialect(name)))];
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
