import { randomUUID } from 'node:crypto';
import {
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
  type ColumnMetadata,
  type DescribeStatementResponse,
  type ExecuteStatementInput,
} from '@aws-sdk/client-redshift-data';
import { StrataError } from '../../errors/strata-error.js';
import type { Connection, Dialect, ExecuteResult, QueryResult, TargetConfig } from '../contract.js';
import { DatabaseError } from '../database-error.js';
import { SqlConnection } from '../sql-connection.js';
import { failedStatementError } from '../statement-errors.js';
import { isSessionUnavailable, isTooManyActive, serviceError, StatementCancelledError } from './data-api-errors.js';
import { keepLargeIntegersExact } from './data-api-exact-integers.js';
import { columnsOf, rowObject } from './data-api-fields.js';
import { Backoff, WakeableSleep } from '../poll-backoff.js';
import { readDataApiOptions, type DataApiOptions } from './data-api-settings.js';

/** Busy-service retries of ExecuteStatement (ActiveStatementsExceeded) before giving up. */
const BUSY_RETRIES = 8;

/** The statement in flight: what cancel() needs to reach it. */
interface InFlight {
  id?: string;
  cancelled: boolean;
  readonly sleep: WakeableSleep;
}

/**
 * Redshift through the Data API (`@aws-sdk/client-redshift-data`). The API runs one
 * statement per call, asynchronously: ExecuteStatement, poll DescribeStatement with
 * backoff, page GetStatementResult. Statements share one Data API session (SessionId), so
 * BEGIN ... COMMIT sent as separate statements is one transaction, as on a driver
 * connection.
 */
export class DataApiConnection extends SqlConnection {
  private sessionId: string | undefined;
  private inTransaction = false;
  private inFlight: InFlight | undefined;
  private sequence = 0;
  private readonly tag = randomUUID().slice(0, 8);

  constructor(
    private readonly client: RedshiftDataClient,
    private readonly options: DataApiOptions,
    dialect: Dialect,
  ) {
    super(dialect);
  }

  async execute(sql: string): Promise<ExecuteResult> {
    return this.run(sql, async (done) => ({
      rowsAffected: done.ResultRows !== undefined && done.ResultRows >= 0 ? done.ResultRows : undefined,
    }));
  }

  async query(sql: string): Promise<QueryResult> {
    return this.run(sql, async (done, statement) => {
      if (!done.HasResultSet) return { columns: [], rows: [] };
      return this.readResult(done.Id!, sql, statement);
    });
  }

  /** Cancel the statement in flight (CancelStatement); its execute() then rejects. */
  async cancel(): Promise<void> {
    const statement = this.inFlight;
    if (!statement) return;
    statement.cancelled = true;
    statement.sleep.wake();
    if (statement.id) await this.cancelStatement(statement.id, '');
  }

  /** Cancel what runs, end the session (a last statement that keeps it alive 0 s), free the client. */
  async close(): Promise<void> {
    await this.cancel().catch(() => undefined);
    const sessionId = this.sessionId;
    this.sessionId = undefined;
    if (sessionId) {
      await this.client
        .send(new ExecuteStatementCommand({ Sql: 'SELECT 1', SessionId: sessionId, SessionKeepAliveSeconds: 0 }))
        .catch(() => undefined);
    }
    this.client.destroy();
  }

  private async run<T>(
    sql: string,
    read: (done: DescribeStatementResponse, statement: InFlight) => Promise<T>,
  ): Promise<T> {
    const statement: InFlight = { cancelled: false, sleep: new WakeableSleep() };
    this.inFlight = statement;
    let succeeded = false;
    try {
      statement.id = await this.submit(sql, statement);
      if (statement.cancelled) await this.cancelStatement(statement.id, sql);
      const done = await this.waitFor(statement, sql);
      const result = await read(done, statement);
      succeeded = true;
      return result;
    } finally {
      this.inFlight = undefined;
      this.trackTransaction(sql, succeeded);
    }
  }

  /** ExecuteStatement in this connection's session, opening one when there is none. */
  private async submit(sql: string, statement: InFlight): Promise<string> {
    const name = `strata-${this.options.targetName}-${this.tag}-${++this.sequence}`;
    const busy = new Backoff({ initialMs: 250, maxMs: 4000 });
    for (let attempt = 0; ; attempt++) {
      // Cancelled while waiting for the service to take it: it never ran.
      if (statement.cancelled) throw new StatementCancelledError(sql);
      const sessionId = this.sessionId;
      // A statement in a session names only the session: it already knows its database and user.
      const input: ExecuteStatementInput = sessionId
        ? { Sql: sql, SessionId: sessionId, StatementName: name }
        : {
            Sql: sql,
            ...this.options.identity,
            SessionKeepAliveSeconds: this.options.sessionKeepAliveSeconds,
            StatementName: name,
          };
      try {
        const output = await this.client.send(new ExecuteStatementCommand(input));
        if (!sessionId && output.SessionId) this.sessionId = output.SessionId;
        if (!output.Id) throw new Error('ExecuteStatement returned no statement Id');
        return output.Id;
      } catch (error) {
        if (sessionId && isSessionUnavailable(error)) {
          this.sessionId = undefined;
          if (this.inTransaction) {
            this.inTransaction = false;
            throw new DatabaseError(
              'redshift',
              'Redshift Data API: the session ended in the middle of a transaction, so the transaction was rolled back.',
              sql,
            );
          }
          continue; // idle too long: a new session, same statement
        }
        if (isTooManyActive(error) && attempt < BUSY_RETRIES) {
          await statement.sleep.sleep(busy.next());
          continue;
        }
        throw serviceError('ExecuteStatement', error, sql, this.options.secrets);
      }
    }
  }

  /** Poll DescribeStatement with backoff until the statement finishes, fails or is aborted. */
  private async waitFor(statement: InFlight, sql: string): Promise<DescribeStatementResponse> {
    const id = statement.id!;
    const backoff = new Backoff(this.options.polling);
    const deadline = this.options.queryTimeoutMs === undefined ? undefined : Date.now() + this.options.queryTimeoutMs;
    let timedOut = false;
    let cancelSeen = statement.cancelled;
    for (;;) {
      if (statement.cancelled && !cancelSeen) {
        cancelSeen = true;
        backoff.reset();
      }
      await statement.sleep.sleep(backoff.next());
      let described: DescribeStatementResponse;
      try {
        described = await this.client.send(new DescribeStatementCommand({ Id: id }));
      } catch (error) {
        throw serviceError('DescribeStatement', error, sql, this.options.secrets);
      }
      switch (described.Status) {
        case 'FINISHED':
          return described;
        case 'FAILED':
          throw failedStatementError('redshift', described.Error ?? '', sql);
        case 'ABORTED':
          throw new StatementCancelledError(
            sql,
            timedOut
              ? `the statement ran longer than query_timeout_seconds (${this.options.queryTimeoutMs! / 1000}) and was cancelled`
              : undefined,
          );
        case 'SUBMITTED':
        case 'PICKED':
        case 'STARTED':
          break;
        default:
          // an answer without a known status would be polled forever: it is not the Data API's
          throw serviceError(
            'DescribeStatement',
            new Error(`DescribeStatement returned no known status (${String(described.Status)})`),
            sql,
            this.options.secrets,
          );
      }
      if (deadline !== undefined && !timedOut && Date.now() > deadline) {
        timedOut = true;
        statement.cancelled = true;
        await this.cancelStatement(id, sql);
      }
    }
  }

  /** Every page of a finished statement's result, as row objects. */
  private async readResult(id: string, sql: string, statement: InFlight): Promise<QueryResult> {
    let metadata: ColumnMetadata[] | undefined;
    const rows: Array<Record<string, unknown>> = [];
    let nextToken: string | undefined;
    do {
      if (statement.cancelled) throw new StatementCancelledError(sql, 'reading the result was cancelled');
      let page;
      try {
        page = await this.client.send(new GetStatementResultCommand({ Id: id, NextToken: nextToken }));
      } catch (error) {
        throw serviceError('GetStatementResult', error, sql, this.options.secrets);
      }
      if (!metadata && page.ColumnMetadata?.length) metadata = page.ColumnMetadata;
      for (const record of page.Records ?? []) rows.push(rowObject(record, metadata ?? []));
      nextToken = page.NextToken || undefined;
    } while (nextToken);
    return { columns: columnsOf(metadata ?? []), rows };
  }

  /** CancelStatement; a statement that already ended is not an error. */
  private async cancelStatement(id: string, sql: string): Promise<void> {
    try {
      await this.client.send(new CancelStatementCommand({ Id: id }));
    } catch (error) {
      if (
        error instanceof Error &&
        (error.name === 'ValidationException' || error.name === 'ResourceNotFoundException')
      )
        return;
      throw serviceError('CancelStatement', error, sql, this.options.secrets);
    }
  }

  // Statements of the engine's transactions arrive one by one: the session must be kept
  // for their whole span, and losing it then is an error rather than a silent new session.
  private trackTransaction(sql: string, succeeded: boolean): void {
    const head = sql
      .replace(/^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)+/, '')
      .slice(0, 20)
      .toUpperCase();
    if (/^(BEGIN|START\s+TRANSACTION)\b/.test(head)) this.inTransaction ||= succeeded;
    else if (/^(COMMIT|END|ROLLBACK|ABORT)\b/.test(head)) this.inTransaction = false;
  }
}

/**
 * Open a Data API connection for a `type: redshift`, `method: data-api` target. Credentials
 * come from the AWS SDK's default chain; nothing here prints them.
 */
export async function openDataApiConnection(target: TargetConfig, dialect: Dialect): Promise<Connection> {
  const options = readDataApiOptions(target);
  const client = new RedshiftDataClient({
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });
  try {
    await client.config.region();
  } catch {
    client.destroy();
    throw new StrataError(`Target '${target.name}' (redshift, method: data-api): no AWS region.`, {
      hint: 'Set region in the target, or AWS_REGION.',
    });
  }
  keepLargeIntegersExact(client);
  return new DataApiConnection(client, options, dialect);
}
