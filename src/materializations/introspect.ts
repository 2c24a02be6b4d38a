import type { Connection, RelationKind } from '../adapters/contract.js';
import type { RelationName } from '../manifest/types.js';
import { BACKUP_SUFFIX, STAGING_SUFFIX } from './plan-step.js';
import type { SwapState } from './plan-table.js';

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
