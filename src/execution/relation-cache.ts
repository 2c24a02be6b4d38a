import type { Connection, ExistingRelation, RelationKind } from '../adapters/contract.js';
import type { RelationName } from '../manifest/types.js';
import { BACKUP_SUFFIX, STAGING_SUFFIX } from '../materializations/plan-step.js';
import type { SwapState } from '../materializations/plan-table.js';

/**
 * What exists in the warehouse, read once per schema at the start of a run and kept
 * current as nodes build, so that deciding "create or replace, incremental or full"
 * costs no query per model.
 */
export class RelationCache {
  private readonly relations = new Map<string, ExistingRelation>();
  private readonly loadedSchemas = new Set<string>();

  /** Read the relations of every schema not yet known. */
  async load(connection: Connection, schemas: Iterable<{ schema: string; database?: string }>): Promise<void> {
    for (const { schema, database } of schemas) {
      const key = schemaKey(schema, database);
      if (this.loadedSchemas.has(key)) continue;
      this.loadedSchemas.add(key);
      for (const relation of await connection.listRelations(schema, database))
        this.relations.set(relationKey(relation), relation);
    }
  }

  get(relation: RelationName): ExistingRelation | undefined {
    return this.relations.get(relationKey(relation));
  }

  set(relation: RelationName, kind: RelationKind): void {
    this.relations.set(relationKey(relation), { ...relation, kind });
  }

  /** What exists at a relation's name and its staging and backup names (see materializations). */
  inspect(relation: RelationName): SwapState {
    const kindOf = (suffix: string) => this.get({ ...relation, identifier: `${relation.identifier}${suffix}` })?.kind;
    return { existing: kindOf(''), existingStaging: kindOf(STAGING_SUFFIX), existingBackup: kindOf(BACKUP_SUFFIX) };
  }

  delete(relation: RelationName): void {
    this.relations.delete(relationKey(relation));
  }
}

function schemaKey(schema: string, database?: string): string {
  return `${database ?? ''}.${schema}`.toLowerCase();
}

function relationKey(relation: RelationName): string {
  return `${schemaKey(relation.schema, relation.database)}.${relation.identifier}`.toLowerCase();
}
