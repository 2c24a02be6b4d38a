import type { SqlLocation } from './statement-errors.js';

/** What a warehouse said about a failed statement, apart from where it failed. */
export interface StatementFailure {
  /** the warehouse's own text, without the statement's line and caret */
  reason: string;
  /** where in `sql` it went wrong, when the warehouse said */
  location?: SqlLocation;
}

/**
 * An error the warehouse raised while running a statement. The message is the warehouse's
 * own (with the statement's line when it named one); the runner adds the model's file and
 * maps the line to the model's own when it reports it.
 */
export class DatabaseError extends Error {
  /** adapter type, e.g. `duckdb` */
  readonly adapter: string;
  /** the statement that failed */
  readonly sql: string;
  /** the warehouse's text and the place in `sql` it points at, when it pointed at one */
  readonly failure?: StatementFailure;

  constructor(adapter: string, message: string, sql: string, cause?: unknown, failure?: StatementFailure) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'DatabaseError';
    this.adapter = adapter;
    this.sql = sql;
    this.failure = failure;
  }
}
