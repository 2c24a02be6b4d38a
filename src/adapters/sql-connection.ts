import type { RelationName } from '../manifest/types.js';
import type { ColumnDescription, Connection, Dialect, ExecuteResult, ExistingRelation, QueryResult } from './contract.js';
import { listColumnsSql, listRelationsSql, relationKindOf } from './information-schema.js';

/**
 * A connection to a warehouse with `information_schema`: subclasses only run statements,
 * cancel and close; introspection is shared here.
 */
export abstract class SqlConnection implements Connection {
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
      identifier: String(row['table_name']),
      kind: relationKindOf(String(row['table_type'])),
    }));
  }

  async getColumns(relation: RelationName): Promise<ColumnDescription[]> {
    const { rows } = await this.query(listColumnsSql(this.dialect, relation));
    return rows.map((row) => ({ name: String(row['column_name']), dataType: String(row['data_type']) }));
  }
}
