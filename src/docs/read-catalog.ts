/**
 * Reading the catalog from the warehouse through the adapter contract only: one
 * `listRelations` per schema the project writes to or reads from, then the columns of each
 * relation that exists — one query per schema where the connection can (thousands of
 * relations would otherwise cost a query each), else `getColumns` per relation. Lake
 * sources that DuckDB reads in place have no relation; their columns come from describing
 * the file reader the models use.
 */
import type { ColumnDescription, Connection, ExistingRelation, RelationKind } from '../adapters/contract.js';
import { createAdapter } from '../adapters/registry.js';
import { canReadSchemaColumns } from '../adapters/sql-connection.js';
import { renderSource } from '../compile/compile-scope.js';
import { StrataError } from '../errors/strata-error.js';
import type { Session } from '../execution/session.js';
import type { RelationName } from '../manifest/types.js';
import type { ParsedProject } from '../parser/parse-project.js';
import type { CatalogColumn, CatalogTable } from '../artifacts/catalog-json.js';

/** A relation the catalog looks for, by the unique id it documents. */
export interface CatalogTarget {
  uniqueId: string;
  relation: RelationName;
  /** a FROM-clause expression reading lake files in place, when the source has no relation */
  reader?: string;
}

export interface CatalogRead {
  tables: CatalogTable[];
  /** relations that exist but could not be described, one line each */
  errors: string[];
}

/** Models (ephemeral ones have no relation), seeds and sources of the project: what has a relation. */
export function catalogTargets(parsed: ParsedProject): CatalogTarget[] {
  const targets: CatalogTarget[] = [];
  for (const node of parsed.manifest.nodes.values()) {
    if (node.resourceType === 'test' || node.resourceType === 'analysis' || node.resourceType === 'unit_test') continue;
    if (node.resourceType === 'model' && node.config.materialized === 'ephemeral') continue;
    targets.push({ uniqueId: node.uniqueId, relation: node.relation });
  }
  for (const source of parsed.manifest.sources.values()) {
    const rendered = renderSource(source, parsed.context);
    targets.push({
      uniqueId: source.uniqueId,
      relation: source.relation,
      ...(typeof rendered === 'string' ? { reader: rendered } : {}),
    });
  }
  return targets;
}

/**
 * Open the session's adapter, read every target's columns, and close it again. Failing
 * to reach the warehouse is a user error that names the way around it.
 */
export async function readCatalog(session: Session): Promise<CatalogRead> {
  try {
    const adapter = await createAdapter(session.target, session.project.rootDir);
    try {
      const connection = await adapter.connect();
      try {
        return await readCatalogTables(connection, catalogTargets(session.parsed));
      } finally {
        await connection.close();
      }
    } finally {
      await adapter.close();
    }
  } catch (error) {
    throw unreachableWarehouse(error, session.target.name);
  }
}

function unreachableWarehouse(error: unknown, targetName: string): StrataError {
  const withoutWarehouse = 'To generate the docs without the warehouse, add --empty-catalog.';
  if (error instanceof StrataError) {
    return new StrataError(error.message, {
      location: error.location,
      hint: error.hint ? `${error.hint} ${withoutWarehouse}` : withoutWarehouse,
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new StrataError(`Cannot read the catalog from target '${targetName}': ${message}`, {
    hint: withoutWarehouse,
    cause: error,
  });
}

/** Describe the targets that exist; the rest are left out, as dbt does. */
export async function readCatalogTables(connection: Connection, targets: CatalogTarget[]): Promise<CatalogRead> {
  const existing = await existingRelations(
    connection,
    targets.filter((t) => t.reader === undefined).map((t) => t.relation),
  );
  const columnsOf = columnReader(connection);
  const tables: CatalogTable[] = [];
  const errors: string[] = [];
  for (const target of targets) {
    try {
      if (target.reader !== undefined) {
        const { columns } = await connection.query(`select * from ${target.reader} limit 0`);
        tables.push(catalogTable(target, 'EXTERNAL TABLE', columns));
        continue;
      }
      const found = existing.get(relationKey(target.relation));
      if (found) tables.push(catalogTable(target, TABLE_TYPES[found.kind], await columnsOf(found)));
    } catch (error) {
      errors.push(`${target.uniqueId}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  }
  return { tables, errors };
}

/** Columns of one relation, from its schema's single query when the connection offers it. */
function columnReader(connection: Connection): (relation: ExistingRelation) => Promise<ColumnDescription[]> {
  if (!canReadSchemaColumns(connection)) return (relation) => connection.getColumns(relation);
  const schemas = new Map<string, Promise<Map<string, ColumnDescription[]>>>();
  return async (relation) => {
    const key = schemaKey(relation.schema, relation.database);
    let columns = schemas.get(key);
    if (!columns) schemas.set(key, (columns = connection.getSchemaColumns(relation.schema, relation.database)));
    return (await columns).get(relation.identifier.toLowerCase()) ?? [];
  };
}

const TABLE_TYPES: Record<RelationKind, string> = { table: 'BASE TABLE', view: 'VIEW', external: 'EXTERNAL TABLE' };

async function existingRelations(
  connection: Connection,
  relations: RelationName[],
): Promise<Map<string, ExistingRelation>> {
  const schemas = new Map<string, { schema: string; database?: string }>();
  for (const { schema, database } of relations) schemas.set(schemaKey(schema, database), { schema, database });
  const existing = new Map<string, ExistingRelation>();
  for (const { schema, database } of schemas.values()) {
    for (const relation of await connection.listRelations(schema, database))
      existing.set(relationKey(relation), relation);
  }
  return existing;
}

function catalogTable(target: CatalogTarget, type: string, columns: ColumnDescription[]): CatalogTable {
  const entries = columns.map((column, i): [string, CatalogColumn] => [
    column.name,
    { type: column.dataType, index: i + 1, name: column.name, comment: null },
  ]);
  return {
    metadata: {
      type,
      schema: target.relation.schema,
      name: target.relation.identifier,
      database: target.relation.database ?? null,
      comment: null,
      owner: null,
    },
    columns: Object.fromEntries(entries),
    stats: {},
    unique_id: target.uniqueId,
  };
}

// Warehouses fold unquoted names (DuckDB compares case-insensitively, Snowflake upper-cases).
function schemaKey(schema: string, database?: string): string {
  return `${database ?? ''}.${schema}`.toLowerCase();
}

function relationKey(relation: RelationName): string {
  return `${schemaKey(relation.schema, relation.database)}.${relation.identifier}`.toLowerCase();
}
