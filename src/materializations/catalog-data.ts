import { isBelow, s3LocationKey } from '../config/location-keys.js';
import type { CatalogPartition, CatalogTable } from '../adapters/table-catalog.js';
import type { RelationName } from '../manifest/types.js';
import type { CatalogStep, TableState } from './catalog-step.js';

/**
 * Where a catalog table's builds go and which data a plan may delete. The rules that keep
 * data safe: only data strictly below the target's data location, or below the model's
 * own `location` (checked at parse time not to hold a source's or another model's), is
 * Strata's to delete, so a table registered by someone else keeps its files; and files a
 * live table or partition still reads (`keep`) are never deleted.
 */

/** The locations under which Strata may delete data: the data location and the model's own (never a whole bucket). */
export function ownedRoots(dataLocation: string, modelLocation?: string): string[] {
  const roots = [s3LocationKey(dataLocation) ?? dataLocation];
  const own = modelLocation === undefined ? undefined : s3LocationKey(modelLocation);
  if (own !== undefined && !/^s3:\/\/[^/]+\/$/.test(own)) roots.push(own);
  return roots;
}

/** A fresh, empty location for one build: `<data location><schema>/<table>/<build id>/`, or under the model's own. */
export function buildLocation(
  dataLocation: string,
  relation: RelationName,
  buildId: string,
  modelLocation?: string,
): string {
  const own = modelLocation === undefined ? undefined : s3LocationKey(modelLocation);
  const root = own ?? `${dataLocation}${relation.schema.toLowerCase()}/${relation.identifier.toLowerCase()}/`;
  return `${root}${buildId}/`;
}

/** The locations a table (or only a set of partitions) is read from. */
export function locationsIn({ table, partitions }: { table?: CatalogTable; partitions: CatalogPartition[] }): string[] {
  return [table?.location, ...partitions.map((p) => p.location)]
    .map((uri) => (uri === undefined ? undefined : s3LocationKey(uri)))
    .filter((key): key is string => key !== undefined);
}

/** Delete a table's data: its location, and each partition kept elsewhere. */
export function planDeleteTableData(state: TableState, roots: string[], keep: string[], what: string): CatalogStep[] {
  const tableLocation = state.table.location;
  const elsewhere = state.partitions
    .map((p) => p.location)
    .filter((location) => location !== undefined && !(tableLocation && location.startsWith(tableLocation)));
  return [tableLocation, ...elsewhere].flatMap((location) => planDeleteData(location, roots, keep, what));
}

/**
 * Delete the files under one location when they are Strata's, keeping those a live table
 * or partition reads: nothing when the location lies inside a kept one.
 */
export function planDeleteData(uri: string | undefined, roots: string[], keep: string[], what: string): CatalogStep[] {
  const location = uri === undefined ? undefined : s3LocationKey(uri);
  if (location === undefined || !roots.some((root) => isBelow(location, root))) return [];
  if (keep.some((kept) => location.startsWith(kept))) return [];
  const kept = keep.filter((k) => isBelow(k, location));
  return [{ kind: 'delete-data', location, keep: kept, purpose: `delete the data of ${what}` }];
}
