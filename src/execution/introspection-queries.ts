/**
 * How the introspective calls of a render (run_query, statement, get_relation,
 * get_columns_in_relation) reach the warehouse: on the connection of the worker compiling
 * the node, or, for `strata compile` and `strata show`, on one opened at the first call.
 */
import type { Adapter, Connection } from '../adapters/contract.js';
import { DatabaseError } from '../adapters/database-error.js';
import { createAdapter } from '../adapters/registry.js';
import { StrataError } from '../errors/strata-error.js';
import type { IntrospectionRequest, IntrospectionRunner } from '../templating/dbt-context/introspection.js';
import type { Session } from './session.js';

/** Answer each request on the connection `connection()` resolves to. */
export function introspectionOn(connection: () => Promise<Connection>): IntrospectionRunner {
  return async (request, file) => {
    const open = await connection();
    try {
      return await answer(open, request);
    } catch (error) {
      if (!(error instanceof DatabaseError)) throw error;
      // the SQL a template sent: located at the template's file (named once, by the location), as a compile error
      throw new StrataError(`${capitalized(describe(request))} failed on ${error.adapter}: ${error.message}`, {
        location: { file },
        hint: 'Check the SQL the template passes to run_query / statement, and that the relations it reads exist.',
        cause: error,
      });
    }
  };
}

async function answer(connection: Connection, request: IntrospectionRequest) {
  switch (request.kind) {
    case 'query': {
      if (request.fetch) return { ...(await connection.query(request.sql)) };
      const { rowsAffected } = await connection.execute(request.sql);
      return { columns: [], rows: [], rowsAffected };
    }
    case 'columns':
      return connection.getColumns(request.relation);
    case 'relation': {
      const { database, schema, identifier } = request.relation;
      const relations = await connection.listRelations(schema, database);
      return relations.find((found) => found.identifier.toLowerCase() === identifier.toLowerCase()) ?? null;
    }
  }
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function describe(request: IntrospectionRequest): string {
  if (request.kind === 'query') return 'a query the template runs';
  return request.kind === 'columns' ? 'reading the columns of a relation' : 'looking up a relation';
}

/**
 * A connection opened only when a template first asks the warehouse something: a project
 * without introspective calls compiles with no warehouse at all.
 */
export class LazyConnection {
  private opening: Promise<{ adapter: Adapter; connection: Connection }> | undefined;

  constructor(private readonly session: Session) {}

  /** The introspection runner that opens the connection on its first request. */
  readonly runner: IntrospectionRunner = introspectionOn(() => this.connection());

  /** The connection, opened now if it was not yet. */
  async connection(): Promise<Connection> {
    return (await this.open()).connection;
  }

  private open() {
    return (this.opening ??= (async () => {
      const adapter = await createAdapter(this.session.target, this.session.project.rootDir);
      return { adapter, connection: await adapter.connect() };
    })());
  }

  /** Close the connection if one was opened. */
  async close(): Promise<void> {
    if (!this.opening) return;
    const { adapter, connection } = await this.opening;
    await connection.close().catch(() => undefined);
    await adapter.close();
  }
}
