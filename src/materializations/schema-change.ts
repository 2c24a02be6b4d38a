import type { ColumnDescription, Dialect } from '../adapters/contract.js';
import { StrataError } from '../errors/strata-error.js';
import type { OnSchemaChange, RelationName } from '../manifest/types.js';
import type { PlanStep } from './plan-step.js';

/** How the new rows' columns differ from the existing table's (names compare case-insensitively). */
export interface ColumnDiff {
  /** in the new rows only */
  added: ColumnDescription[];
  /** in the existing table only */
  removed: ColumnDescription[];
  /** in both, spelled as the existing table spells them */
  common: string[];
}

/** Compare the existing table's columns with the new rows' columns. */
export function diffColumns(existing: ColumnDescription[], incoming: ColumnDescription[]): ColumnDiff {
  const incomingNames = new Set(incoming.map((c) => c.name.toLowerCase()));
  const existingNames = new Set(existing.map((c) => c.name.toLowerCase()));
  return {
    added: incoming.filter((c) => !existingNames.has(c.name.toLowerCase())),
    removed: existing.filter((c) => !incomingNames.has(c.name.toLowerCase())),
    common: existing.filter((c) => incomingNames.has(c.name.toLowerCase())).map((c) => c.name),
  };
}

/** The ALTERs to run and the columns the incremental step then writes. */
export interface SchemaChangePlan {
  steps: PlanStep[];
  columns: string[];
}

/**
 * Apply `on_schema_change`: `ignore` writes the common columns, `fail` refuses any
 * difference, `append_new_columns` adds the new ones, `sync_all_columns` also drops the
 * removed ones. Type changes of common columns are not handled.
 */
export function planSchemaChange(
  dialect: Dialect,
  relation: RelationName,
  diff: ColumnDiff,
  mode: OnSchemaChange,
): SchemaChangePlan {
  const changed = diff.added.length > 0 || diff.removed.length > 0;
  if (!changed || mode === 'ignore') return { steps: [], columns: diff.common };
  if (mode === 'fail') throw schemaChangeError(relation, diff);
  const steps: PlanStep[] = diff.added.map((column) => ({
    sql: dialect.addColumn(relation, column),
    purpose: `add new column ${column.name}`,
  }));
  if (mode === 'sync_all_columns') {
    for (const column of diff.removed) {
      steps.push({ sql: dialect.dropColumn(relation, column.name), purpose: `drop removed column ${column.name}` });
    }
  }
  return { steps, columns: [...diff.common, ...diff.added.map((c) => c.name)] };
}

function schemaChangeError(relation: RelationName, diff: ColumnDiff): StrataError {
  const list = (columns: ColumnDescription[]) =>
    columns.length > 0 ? columns.map((c) => `${c.name} ${c.dataType}`).join(', ') : 'none';
  return new StrataError(
    `The columns of incremental model ${relation.identifier} changed ` +
      `(added: ${list(diff.added)}; removed: ${list(diff.removed)}) and on_schema_change is 'fail'.`,
    { hint: "Run with --full-refresh, or set on_schema_change to 'append_new_columns' or 'sync_all_columns'." },
  );
}
