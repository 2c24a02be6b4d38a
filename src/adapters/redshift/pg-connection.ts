import pg from 'pg';
import type { ClientConfig, QueryResult as PgQueryResult } from 'pg';
import { StrataError } from '../../errors/strata-error.js';
import type { Dialect, ExecuteResult, QueryResult } from '../contract.js';
import { DatabaseError } from '../database-error.js';
import { SqlConnection } from '../sql-connection.js';
import { locationOfOffset } from '../statement-errors.js';
import { pgTypeName, redshiftTypeParsers } from './pg-values.js';

/** The fields of a server error that the `pg` driver passes on. */
interface ServerErrorFields {
  message: string;
  position?: string;
  detail?: string;
  hint?: string;
}

/**
 * A direct session on Redshift over its PostgreSQL wire protocol (`method: pg`), with the
 * `pg` package. Ctrl-C cancels through a second session (`pg_cancel_backend`), which
 * Redshift and PostgreSQL both have.
 */
export class RedshiftPgConnection extends SqlConnection {
  private constructor(
    private readonly client: pg.Client,
    private readonly config: ClientConfig,
    private readonly backendPid: number,
    dialect: Dialect,
  ) {
    super(dialect);
  }

  /** Connect and learn the session's backend id, which cancel() needs. */
  static async open(config: ClientConfig, dialect: Dialect): Promise<RedshiftPgConnection> {
    const client = new pg.Client({ ...config, types: redshiftTypeParsers(pg.types.getTypeParser) });
    // A session the server drops while idle emits 'error'; unheard, it would end the
    // process. The next statement on it fails with the reason instead.
    client.on('error', () => undefined);
    try {
      await client.connect();
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      return new RedshiftPgConnection(client, config, Number(rows[0]?.pid), dialect);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw connectError(config, error);
    }
  }

  async execute(sql: string): Promise<ExecuteResult> {
    const result = await this.run(sql);
    return { rowsAffected: result.rowCount ?? undefined };
  }

  async query(sql: string): Promise<QueryResult> {
    const result = await this.run(sql);
    return {
      columns: result.fields.map((field) => ({ name: field.name, dataType: pgTypeName(field.dataTypeID) })),
      rows: result.rows as Array<Record<string, unknown>>,
    };
  }

  async cancel(): Promise<void> {
    const canceller = new pg.Client(this.config);
    canceller.on('error', () => undefined);
    try {
      await canceller.connect();
      await canceller.query('SELECT pg_cancel_backend($1)', [this.backendPid]);
    } finally {
      await canceller.end().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.client.end();
  }

  private async run(sql: string): Promise<PgQueryResult> {
    try {
      const result: PgQueryResult | PgQueryResult[] = await this.client.query(sql);
      // Several statements in one string answer with one result each: the last one counts.
      return Array.isArray(result) ? result[result.length - 1]! : result;
    } catch (error) {
      throw statementError(sql, error);
    }
  }
}

/** The server's message, where in the statement it failed, and its detail and hint. */
function statementError(sql: string, error: unknown): DatabaseError {
  if (!(error instanceof Error)) return new DatabaseError('redshift', String(error), sql, error);
  const fields = error as Error & Partial<ServerErrorFields>;
  const lines = [error.message];
  // Both Redshift methods point at the failing line the same way (see data-api-errors.ts).
  const location = fields.position === undefined ? undefined : locationOfOffset(sql, Number(fields.position));
  if (fields.detail) lines.push(`DETAIL: ${fields.detail}`);
  if (fields.hint) lines.push(`HINT: ${fields.hint}`);
  const reason = lines.join('\n');
  if (location) {
    const text = sql.split('\n')[location.line - 1]?.trim() ?? '';
    lines.splice(1, 0, `at line ${location.line}, column ${location.column} of the statement: ${text}`);
  }
  return new DatabaseError('redshift', lines.join('\n'), sql, error, { reason, location });
}

// The config holds the password: the message names only where and as whom.
function connectError(config: ClientConfig, error: unknown): StrataError {
  const reason = error instanceof Error ? error.message : String(error);
  const where = `${config.host}:${config.port} (database ${config.database}, user ${config.user})`;
  const ssl = /ssl|tls|certificate/i.test(reason);
  return new StrataError(`Cannot connect to Redshift at ${where}: ${reason}`, {
    cause: error,
    hint: ssl
      ? 'Check sslmode (disable, require, verify-ca, verify-full) and sslrootcert of the target.'
      : 'Check host, port, user and password of the target, ' +
        'and that the cluster accepts connections from this machine.',
  });
}
