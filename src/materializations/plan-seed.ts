import type { Dialect } from '../adapters/contract.js';
import type { RelationName } from '../manifest/types.js';
import type { CsvTable } from '../seeds/csv-parse.js';
import type { PlanStep } from './plan-step.js';
import { seedLiteral, seedTypeName, type SeedColumnType } from '../seeds/seed-types.js';

/** Rows per INSERT: small enough for statement size limits (Redshift: 16 MB). */
export const DEFAULT_SEED_BATCH_SIZE = 500;

/** What the portable seed plan needs: where to load, the parsed CSV and its column types. */
export interface SeedPlanInput {
  /** the table to create (the staging relation when loading atomically) */
  relation: RelationName;
  table: CsvTable;
  types: SeedColumnType[];
  batchSize?: number;
}

/** The portable seed load: CREATE TABLE with explicit types, then batched multi-row INSERTs. */
export function planSeedInserts(dialect: Dialect, input: SeedPlanInput): PlanStep[] {
  const { relation, table, types } = input;
  const batchSize = input.batchSize ?? DEFAULT_SEED_BATCH_SIZE;
  const columns = table.header.map((name, i) => ({ name, dataType: seedTypeName(dialect, types[i]!) }));
  const steps: PlanStep[] = [{ sql: dialect.createTable(relation, columns), purpose: 'create the seed table' }];
  for (let start = 0; start < table.rows.length; start += batchSize) {
    const batch = table.rows.slice(start, start + batchSize);
    const rows = batch.map((row) => row.map((value, i) => seedLiteral(dialect, value, types[i]!)));
    steps.push({
      sql: dialect.insertValues(relation, table.header, rows),
      purpose: `insert rows ${start + 1}-${start + batch.length}`,
    });
  }
  return steps;
}
