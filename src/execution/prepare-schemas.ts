import type { Connection } from '../adapters/contract.js';
import { DatabaseError } from '../adapters/database-error.js';
import { StrataError } from '../errors/strata-error.js';
import type { RelationName } from '../manifest/types.js';
import type { RunContext } from './run-context.js';

/** Create the schemas the run writes into, then read what already exists in them into the relation cache. */
export async function prepareSchemas(
  ctx: RunContext,
  connection: Connection,
  relations: Iterable<RelationName>,
): Promise<void> {
  const schemas = new Map<string, { schema: string; database?: string }>();
  for (const { schema, database } of relations) schemas.set(`${database ?? ''}.${schema}`, { schema, database });
  for (const { schema, database } of schemas.values()) {
    try {
      await connection.execute(ctx.session.dialect.createSchema(schema, database));
    } catch (error) {
      throw schemaError(ctx, database === undefined ? schema : `${database}.${schema}`, error);
    }
  }
  await ctx.relations.load(connection, schemas.values());
}

/** A schema that could not be created: the warehouse's answer, with the target it came from. */
function schemaError(ctx: RunContext, schema: string, error: unknown): unknown {
  if (!(error instanceof DatabaseError)) return error;
  return new StrataError(
    `Cannot create schema ${schema} on target '${ctx.session.target.name}' (${error.adapter}): ${error.message}`,
    {
      cause: error,
    },
  );
}
