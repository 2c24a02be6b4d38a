import type { Dialect } from '../adapters/contract.js';
import type { CatalogPartition, CatalogTable } from '../adapters/table-catalog.js';
import type { RelationName } from '../manifest/types.js';
import { locationsIn, planDeleteTableData } from './catalog-data.js';
import type { CatalogStep, TableState } from './catalog-step.js';
import { normalizeSelect, STAGING_SUFFIX, withSuffix } from './plan-step.js';

/**
 * Tables on a catalog warehouse (Athena), built in two phases around a read of the
 * catalog. Every build is a CTAS into a fresh location. Replacing a table repoints its
 * catalog entry at the new build in one update (readers see the old rows or the new,
 * never none), and only then is the old data deleted.
 */

/** What the first phase of a table build needs to know. */
export interface CatalogTableInput {
  relation: RelationName;
  selectSql: string;
  partitionBy?: string[];
  /** the relation now (undefined: absent) */
  existing?: TableState;
  /** a staging table left by an interrupted swap (read only when a table is being replaced) */
  existingStaging?: TableState;
  /** the fresh location of this build (`buildLocation`) */
  location: string;
  /** where data may be deleted (`ownedRoots`) */
  roots: string[];
}

/**
 * Phase one: drop a view in the way; build the new table at its fresh location, beside the
 * old table when there is one. A failing build leaves the old table whole.
 */
export function planCatalogTable(dialect: Dialect, input: CatalogTableInput): CatalogStep[] {
  const { relation, existing } = input;
  const steps: CatalogStep[] = [];
  if (existing?.table.kind === 'view') {
    steps.push({ kind: 'sql', sql: dialect.dropRelation(relation, 'view'), purpose: 'drop the view a table replaces' });
  }
  if (existing?.table.kind !== 'table') {
    return [...steps, planCatalogBuild(dialect, relation, input, 'build the table')];
  }
  const staging = withSuffix(relation, STAGING_SUFFIX);
  // A staging entry left by an interrupted swap can point at the live data: that data stays.
  const leftover = planCatalogDrop(dialect, staging, input.existingStaging, input.roots, locationsIn(existing), {
    what: 'a leftover staging table',
  });
  return [...steps, ...leftover, planCatalogBuild(dialect, staging, input, 'build beside the old table')];
}

/** What the swap needs: the old table and the staging table just built, both as read from the catalog. */
export interface CatalogSwapInput {
  relation: RelationName;
  old: TableState;
  built: TableState;
  roots: string[];
}

/**
 * Phase two: point the table at the new build, drop the staging name at once (it names
 * the live data now), exchange the partitions so that none is ever missing, then delete
 * the old data, keeping every file the new build reads.
 */
export function planCatalogSwap(input: CatalogSwapInput): CatalogStep[] {
  const { relation, old, built } = input;
  const staging = withSuffix(relation, STAGING_SUFFIX);
  const steps: CatalogStep[] = [
    { kind: 'repoint-table', relation, to: built.table, purpose: 'point the table at the new build' },
    { kind: 'delete-table-entry', relation: staging, purpose: 'drop the staging name, which names the live data now' },
  ];
  if (samePartitionKeys(old.table, built.table)) {
    steps.push(...exchangePartitions(relation, old.partitions, built.partitions));
  } else {
    steps.push(
      ...partitionStep('delete-partitions', relation, old.partitions, 'delete the old partitions'),
      ...partitionStep('create-partitions', relation, built.partitions, 'register the new partitions'),
    );
  }
  return [...steps, ...planDeleteTableData(old, input.roots, locationsIn(built), 'the old build')];
}

/** Drop a table and delete its data (a view just goes); data under a `keep` location stays. */
export function planCatalogDrop(
  dialect: Dialect,
  relation: RelationName,
  state: TableState | undefined,
  roots: string[],
  keep: string[],
  { what }: { what: string },
): CatalogStep[] {
  if (state === undefined) return [];
  if (state.table.kind === 'view') {
    return [{ kind: 'sql', sql: dialect.dropRelation(relation, 'view'), purpose: `drop ${what}` }];
  }
  return [
    { kind: 'sql', sql: dialect.dropRelation(relation, 'table'), purpose: `drop ${what}` },
    ...planDeleteTableData(state, roots, keep, what),
  ];
}

/** A CTAS of the query into `target` at the build's fresh location. */
export function planCatalogBuild(
  dialect: Dialect,
  target: RelationName,
  build: { selectSql: string; partitionBy?: string[]; location: string },
  purpose: string,
): CatalogStep {
  const sql = dialect.createTableAs(target, normalizeSelect(build.selectSql), {
    partitionBy: build.partitionBy,
    extra: { location: build.location },
  });
  return { kind: 'build', sql, location: build.location, purpose };
}

/**
 * Partitions of the same keys, old for new, so that no partition is ever missing: new
 * values are created and shared ones repointed before the ones gone are deleted.
 */
export function exchangePartitions(
  relation: RelationName,
  oldPartitions: CatalogPartition[],
  newPartitions: CatalogPartition[],
  storedLike?: CatalogTable,
): CatalogStep[] {
  const repointed = new Set(withValuesOf(newPartitions, oldPartitions));
  const staying = new Set(withValuesOf(oldPartitions, newPartitions));
  return [
    ...partitionStep(
      'create-partitions',
      relation,
      newPartitions.filter((p) => !repointed.has(p)),
      'register the new partitions',
      storedLike,
    ),
    ...partitionStep('update-partitions', relation, [...repointed], 'repoint the partitions kept', storedLike),
    ...partitionStep(
      'delete-partitions',
      relation,
      oldPartitions.filter((p) => !staying.has(p)),
      'delete the partitions gone',
    ),
  ];
}

/** The partitions of `partitions` whose values one of `others` has too. */
export function withValuesOf(partitions: CatalogPartition[], others: CatalogPartition[]): CatalogPartition[] {
  const values = (p: CatalogPartition) => JSON.stringify(p.values);
  const wanted = new Set(others.map(values));
  return partitions.filter((p) => wanted.has(values(p)));
}

function partitionStep(
  kind: 'create-partitions' | 'update-partitions' | 'delete-partitions',
  relation: RelationName,
  partitions: CatalogPartition[],
  purpose: string,
  storedLike?: CatalogTable,
): CatalogStep[] {
  if (partitions.length === 0) return [];
  if (kind === 'delete-partitions') return [{ kind, relation, partitions, purpose }];
  return [{ kind, relation, partitions, purpose, ...(storedLike ? { storedLike } : {}) }];
}

function samePartitionKeys(a: CatalogTable, b: CatalogTable): boolean {
  const names = (t: CatalogTable) => t.partitionKeys.map((k) => k.toLowerCase()).join(',');
  return names(a) === names(b) && names(a) !== '';
}
