import type { CatalogPartition, CatalogTable } from '../adapters/table-catalog.js';
import type { RelationName } from '../manifest/types.js';
import type { PlanStep } from './plan-step.js';

/**
 * One step of a plan for a warehouse whose tables are files plus catalog entries (Athena):
 * a statement, or a catalog or data operation. Plans are plain data: golden-testable.
 */
export type CatalogStep =
  | { kind: 'sql'; sql: string; purpose: string; reportsRows?: boolean }
  /** a CTAS into a fresh location, which is this build's alone: a failed build empties it */
  | { kind: 'build'; sql: string; location: string; purpose: string }
  | { kind: 'repoint-table'; relation: RelationName; to: CatalogTable; purpose: string }
  | { kind: 'delete-table-entry'; relation: RelationName; purpose: string }
  | {
      kind: 'create-partitions' | 'update-partitions';
      relation: RelationName;
      partitions: CatalogPartition[];
      /** the table whose storage format the partitions take (default: their own) */
      storedLike?: CatalogTable;
      purpose: string;
    }
  | { kind: 'delete-partitions'; relation: RelationName; partitions: CatalogPartition[]; purpose: string }
  | { kind: 'delete-data'; location: string; keep: string[]; purpose: string };

/** A table's entry with its partitions, read once for all a plan does with them. */
export interface TableState {
  table: CatalogTable;
  partitions: CatalogPartition[];
}

/** Statements of a SQL plan (the schema change's ALTERs) as catalog plan steps. */
export function sqlSteps(steps: PlanStep[]): CatalogStep[] {
  return steps.map(({ sql, purpose, reportsRows }) => ({ kind: 'sql', sql, purpose, reportsRows }));
}

/** A step as one line of text (statements as they are): golden tests and debug logs. */
export function catalogStepText(step: CatalogStep): string {
  switch (step.kind) {
    case 'sql':
    case 'build':
      return step.sql;
    case 'repoint-table': {
      const keys = step.to.partitionKeys.length > 0 ? ` partitioned by ${step.to.partitionKeys.join(', ')}` : '';
      return `repoint table ${name(step.relation)} to ${step.to.location ?? '?'}${keys}`;
    }
    case 'delete-table-entry':
      return `delete table entry ${name(step.relation)}`;
    case 'create-partitions':
    case 'update-partitions': {
      const verb = step.kind === 'create-partitions' ? 'create' : 'repoint';
      const like = step.storedLike ? ' stored like the table' : '';
      return `${verb} partitions of ${name(step.relation)}${like}: ${partitionList(step.partitions, true)}`;
    }
    case 'delete-partitions':
      return `delete partitions of ${name(step.relation)}: ${partitionList(step.partitions, false)}`;
    case 'delete-data':
      return `delete data under ${step.location}${step.keep.length > 0 ? ` keeping ${step.keep.join(', ')}` : ''}`;
  }
}

function name(relation: RelationName): string {
  return `${relation.schema}.${relation.identifier}`;
}

function partitionList(partitions: CatalogPartition[], withLocation: boolean): string {
  return partitions.map((p) => `(${p.values.join(', ')})${withLocation ? ` at ${p.location ?? '?'}` : ''}`).join(', ');
}
