import type { Dialect } from '../../../src/adapters/contract.js';
import { createDialect } from '../../../src/adapters/registry.js';
import type { PlanStep } from '../../../src/materializations/plan-step.js';

export const WAREHOUSES = ['duckdb', 'athena', 'redshift', 'snowflake'] as const;
export const duckdb = createDialect('duckdb');
export const orders = { schema: 'shop', identifier: 'orders' };

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
