import type { RelationName } from '../manifest/types.js';
import type {
  ColumnDescription,
  Connection,
  Dialect,
  ExecuteResult,
  ExistingRelation,
  QueryResult,
} from './contract.js';
import { listColumnsSql, listRelationsSql, listSchemaColumnsSql, relationKindOf } from './information-schema.js';

/** A connection that describes a whole schema in one query (docs' catalog of thousands of relations). */
export interface SchemaColumnsReader {
  /** Columns in order per relation, keyed by the lower-cased relation name. */
  getSchemaColumns(schema: string, database?: string): Promise<Map<string, ColumnDescription[]>>;
}

export function canReadSchemaColumns(connection: Connection): connection is Connection & SchemaColumnsReader {
  return typeof (connection as Partial<SchemaColumnsReader>).getSchemaColumns === 'function';
}

/**
 * A connection to a warehouse with `information_schema`: subclasses only run statements,
 * cancel and close; introspection is shared here.
 */
export abstract class SqlConnection implements Connection, SchemaColumnsReader {
  constructor(protected readonly dialect: Dialect) {}

  abstract execute(sql: string): Promise<ExecuteResult>;
  abstract query(sql: string): Promise<QueryResult>;
  abstract cancel(): Promise<void>;
  abstract close(): Promise<void>;

  async listRelations(schema: string, database?: string): Promise<ExistingRelation[]> {
    const { rows } = await this.query(listRelationsSql(this.dialect, schema, database));
    return rows.map((row) => ({
      database,
      schema,
      identifier: field(row, 'table_name'),
      kind: relationKindOf(field(row, 'table_type')),
    }));
  }

  async getColumns(relation: RelationName): Promise<ColumnDescription[]> {
    const { rows } = await this.query(listColumnsSql(this.dialect, relation));
    return rows.map((row) => ({ name: field(row, 'column_name'), dataType: field(row, 'data_type') }));
  }

  async getSchemaColumns(schema: string, database?: string): Promise<Map<string, ColumnDescription[]>> {
    const { rows } = await this.query(listSchemaColumnsSql(this.dialect, schema, database));
    const byRelation = new Map<string, ColumnDescription[]>();
    for (const row of rows) {
      const key = field(row, 'table_name').toLowerCase();
      let columns = byRelation.get(key);
      if (!columns) byRelation.set(key, (columns = []));
      columns.push({ name: field(row, 'column_name'), dataType: field(row, 'data_type') });
    }
    return byRelation;
  }
}

/** A column of an introspection row; Snowflake names result columns in upper case. */
function field(row: Record<string, unknown>, name: string): string {
  return String(row[name] ?? row[name.toUpperCase()]);
}
