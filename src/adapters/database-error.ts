/**
 * An error the warehouse raised while running a statement. The message is the warehouse's
 * own; the runner adds the model's file when it reports it.
 */
export class DatabaseError extends Error {
  /** adapter type, e.g. `duckdb` */
  readonly adapter: string;
  /** the statement that failed */
  readonly sql: string;

  constructor(adapter: string, message: string, sql: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'DatabaseError';
    this.adapter = adapter;
    this.sql = sql;
  }
}

export function isDatabaseError(error: unknown): error is DatabaseError {
  return error instanceof DatabaseError;
}
