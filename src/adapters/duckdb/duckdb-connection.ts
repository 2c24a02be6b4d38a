import type { DuckDBConnection, DuckDBResultReader } from '@duckdb/node-api';
import type { RelationName } from '../../manifest/types.js';
import type { CheckedCsvFile, ColumnDescription, ExecuteResult, NativeCsvLoader, QueryResult } from '../contract.js';
import { SqlConnection } from '../sql-connection.js';
import type { DuckDbDialect } from './duckdb-dialect.js';
import { duckDbStatementError } from './duckdb-errors.js';

/** One DuckDB session. It loads CSV files natively with read_csv. */
export class DuckDbConnection extends SqlConnection implements NativeCsvLoader {
  constructor(
    private readonly connection: DuckDBConnection,
    private readonly duckDbDialect: DuckDbDialect,
    private readonly onClose: () => void = () => {},
  ) {
    super(duckDbDialect);
  }

  async execute(sql: string): Promise<ExecuteResult> {
    const reader = await this.run(sql);
    return { rowsAffected: rowsAffected(reader) };
  }

  async query(sql: string): Promise<QueryResult> {
    const reader = await this.run(sql);
    const types = reader.columnTypes();
    const columns = reader.columnNames().map((name, i) => ({ name, dataType: String(types[i]) }));
    return { columns, rows: reader.getRowObjectsJS() };
  }

  async cancel(): Promise<void> {
    this.connection.interrupt();
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.onClose();
  }

  async loadCsv(relation: RelationName, file: CheckedCsvFile, columns: ColumnDescription[]): Promise<number> {
    const { rowsAffected } = await this.execute(this.duckDbDialect.createTableFromCsv(relation, file, columns));
    return rowsAffected ?? 0;
  }

  private async run(sql: string): Promise<DuckDBResultReader> {
    try {
      return await this.connection.runAndReadAll(sql);
    } catch (error) {
      throw duckDbStatementError(error, sql);
    }
  }
}

// DDL and DML answer with one `Count` row (CTAS and COPY report their rows only there);
// statements without a count answer with no row or a `Success` column.
function rowsAffected(reader: DuckDBResultReader): number | undefined {
  const names = reader.columnNames();
  if (names.length === 1 && names[0] === 'Count' && reader.currentRowCount === 1) {
    return Number(reader.value(0, 0));
  }
  return reader.rowsChanged > 0 ? reader.rowsChanged : undefined;
}
