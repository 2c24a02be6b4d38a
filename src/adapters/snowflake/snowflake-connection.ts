import type { Binds, Column, Connection as SdkConnection, RowStatement } from 'snowflake-sdk';
import type { RelationName } from '../../manifest/types.js';
import type {
  BoundRowInserter,
  ColumnDescription,
  Dialect,
  ExecuteResult,
  ExistingRelation,
  QueryResult,
} from '../contract.js';
import { DatabaseError } from '../database-error.js';
import { relationKindOf } from '../information-schema.js';
import { SqlConnection } from '../sql-connection.js';
import { snowflakeStatementError } from './snowflake-errors.js';
import type { SnowflakeSessionPool } from './snowflake-session-pool.js';

/** What one statement returned. */
interface Outcome {
  statement: RowStatement;
  rows: Array<Record<string, unknown>>;
}

/**
 * One Snowflake session borrowed from the adapter's pool for a worker thread, through
 * snowflake-sdk. Statements run one at a time; cancel() aborts the one in flight
 * (the SDK's abort request), close() gives the session back to the pool.
 */
export class SnowflakeConnection extends SqlConnection implements BoundRowInserter {
  private inFlight: RowStatement | undefined;
  private released = false;

  constructor(
    private readonly session: SdkConnection,
    private readonly pool: SnowflakeSessionPool,
    dialect: Dialect,
    private readonly secrets: readonly string[],
  ) {
    super(dialect);
  }

  async execute(sql: string): Promise<ExecuteResult> {
    const { statement } = await this.run(sql);
    const updated = statement.getNumUpdatedRows();
    return { rowsAffected: typeof updated === 'number' && updated >= 0 ? updated : undefined };
  }

  async query(sql: string): Promise<QueryResult> {
    const { statement, rows } = await this.run(sql);
    return { columns: (statement.getColumns() ?? []).map(describeColumn), rows };
  }

  /**
   * SHOW TERSE OBJECTS: a metadata lookup that needs no running warehouse, unlike a query
   * of information_schema (slow on big accounts). A missing schema has no relations.
   */
  override async listRelations(schema: string, database?: string): Promise<ExistingRelation[]> {
    const name = [database, schema]
      .filter((p): p is string => !!p)
      .map((p) => this.dialect.quoteIdentifier(p))
      .join('.');
    try {
      const { rows } = await this.run(`SHOW TERSE OBJECTS IN SCHEMA ${name}`);
      return rows.map((row) => ({
        database,
        schema,
        identifier: String(row['name']),
        kind: relationKindOf(String(row['kind'])),
      }));
    } catch (error) {
      if (error instanceof DatabaseError && /\b002003\b|does not exist/i.test(error.message)) return [];
      throw error;
    }
  }

  /** One INSERT with array binding: every row is sent as bound values, no SQL literals. */
  async insertRows(relation: RelationName, columns: string[], rows: Array<Array<string | null>>): Promise<number> {
    if (rows.length === 0) return 0;
    const list = columns.map((c) => this.dialect.quoteIdentifier(c)).join(', ');
    const placeholders = columns.map(() => '?').join(', ');
    const sql = `INSERT INTO ${this.dialect.renderRelation(relation)} (${list}) VALUES (${placeholders})`;
    const { statement } = await this.run(sql, rows);
    return statement.getNumUpdatedRows() ?? rows.length;
  }

  async cancel(): Promise<void> {
    const statement = this.inFlight;
    if (!statement) return;
    await new Promise<void>((resolve) => statement.cancel(() => resolve()));
  }

  async close(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.cancel().catch(() => undefined);
    this.pool.release(this.session);
  }

  private run(sql: string, binds?: Binds): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      this.inFlight = this.session.execute({
        sqlText: sql,
        ...(binds === undefined ? {} : { binds }),
        complete: (error, statement, rows) => {
          this.inFlight = undefined;
          if (error) reject(snowflakeStatementError(sql, error, this.secrets));
          else resolve({ statement, rows: (rows ?? []) as Array<Record<string, unknown>> });
        },
      });
    });
  }
}

/** The SDK's column type (`fixed`, `text`, ...) as Snowflake names it in DDL. */
function describeColumn(column: Column): ColumnDescription {
  const type = column.getType().toLowerCase();
  const named: Record<string, string> = { real: 'FLOAT', text: 'VARCHAR' };
  if (type === 'fixed')
    return { name: column.getName(), dataType: `NUMBER(${column.getPrecision()},${column.getScale()})` };
  return { name: column.getName(), dataType: named[type] ?? type.toUpperCase() };
}
