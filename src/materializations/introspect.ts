import type { Connection, RelationKind } from '../adapters/contract.js';
import type { RelationName } from '../manifest/types.js';
import { BACKUP_SUFFIX, STAGING_SUFFIX } from './plan-step.js';
import type { SwapState } from './plan-table.js';

/**
 * Tells what exists around a relation. The runner passes one backed by its relation
 * cache (no query per model); without one, the schema is listed.
 */
export type RelationInspector = (relation: RelationName) => Promise<SwapState> | SwapState;

/**
 * What exists at a model's name and at its staging and backup names, from one listing
 * of the schema. Names compare case-insensitively, as the warehouses fold them.
 */
export async function inspectRelation(connection: Connection, relation: RelationName): Promise<SwapState> {
  const listed = await connection.listRelations(relation.schema, relation.database);
  const kinds = new Map<string, RelationKind>(listed.map((r) => [r.identifier.toLowerCase(), r.kind]));
  const kindOf = (suffix: string) => kinds.get(`${relation.identifier}${suffix}`.toLowerCase());
  return { existing: kindOf(''), existingStaging: kindOf(STAGING_SUFFIX), existingBackup: kindOf(BACKUP_SUFFIX) };
}

/** Ask `inspect` when the caller gave one, else list the schema. */
export async function inspectWith(
  inspect: RelationInspector | undefined,
  connection: Connection,
  relation: RelationName,
): Promise<SwapState> {
  return inspect ? inspect(relation) : inspectRelation(connection, relation);
}
