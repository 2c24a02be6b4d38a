import { randomUUID } from 'node:crypto';
import {
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  type ColumnMetadata,
  type DescribeStatementResponse,
  type ExecuteStatementInput,
  type RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { PolledStatements, type StatementInFlight, type StatementState } from '../../aws/polled-statement.js';
import type { ExecuteResult, QueryResult } from '../contract.js';
import { DatabaseError } from '../database-error.js';
import { isSessionUnavailable, StatementCancelledError } from './data-api-errors.js';
import { columnsOf, rowObject } from './data-api-fields.js';
import type { DataApiOptions } from './data-api-settings.js';

/**
 * Statements through the Redshift Data API, one at a time: ExecuteStatement, DescribeStatement
 * polled with backoff, GetStatementResult paged, CancelStatement. They share one Data API
 * session (SessionId), so BEGIN ... COMMIT sent as separate statements is one transaction,
 * as on a driver connection.
 */
export class DataApiStatements extends PolledStatements<DescribeStatementResponse> {
  private sessionId: string | undefined;
  private inTransaction = false;
  private sequence = 0;
  private readonly tag = randomUUID().slice(0, 8);
  /** the StatementName of the statement in flight, the same on every submit of it */
  private statementName = '';

  constructor(
    private readonly client: RedshiftDataClient,
    private readonly dataApi: DataApiOptions,
  ) {
    super(
      {
        adapter: 'redshift',
        label: 'Redshift Data API',
        noun: 'statement',
        stopped: 'cancelled',
        calls: { submit: 'ExecuteStatement', describe: 'DescribeStatement', stop: 'CancelStatement' },
        stateName: 'status',
        endedErrors: ['ValidationException', 'ResourceNotFoundException'],
      },
      dataApi,
    );
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

  /** End the session (a last statement that keeps it alive 0 s); what fails here is of no use to anyone. */
  async endSession(): Promise<void> {
    const sessionId = this.sessionId;
    this.sessionId = undefined;
    if (!sessionId) return;
    await this.client
      .send(new ExecuteStatementCommand({ Sql: 'SELECT 1', SessionId: sessionId, SessionKeepAliveSeconds: 0 }))
      .catch(() => undefined);
  }

  /** ExecuteStatement in this connection's session, opening one when there is none. */
  protected async submit(sql: string): Promise<string> {
    const name = this.statementName;
    const sessionId = this.sessionId;
    // A statement in a session names only the session: it already knows its database and user.
    const input: ExecuteStatementInput = sessionId
      ? { Sql: sql, SessionId: sessionId, StatementName: name }
      : {
          Sql: sql,
          ...this.dataApi.identity,
          SessionKeepAliveSeconds: this.dataApi.sessionKeepAliveSeconds,
          StatementName: name,
        };
    const output = await this.client.send(new ExecuteStatementCommand(input));
    if (!sessionId && output.SessionId) this.sessionId = output.SessionId;
    if (!output.Id) throw new Error('ExecuteStatement returned no statement Id');
    return output.Id;
  }

  /** A session gone idle too long: a new session, same statement; in a transaction that is an error. */
  protected override submitAgainAtOnce(error: unknown, sql: string): boolean {
    if (!this.sessionId || !isSessionUnavailable(error)) return false;
    this.sessionId = undefined;
    if (this.inTransaction) {
      this.inTransaction = false;
      throw new DatabaseError(
        'redshift',
        'Redshift Data API: the session ended in the middle of a transaction, so the transaction was rolled back.',
        sql,
      );
    }
    return true;
  }

  protected async describe(id: string): Promise<StatementState<DescribeStatementResponse>> {
    const described = await this.client.send(new DescribeStatementCommand({ Id: id }));
    switch (described.Status) {
      case 'FINISHED':
        return { phase: 'succeeded', done: described };
      case 'FAILED':
        return { phase: 'failed', reason: described.Error ?? '' };
      case 'ABORTED':
        return { phase: 'cancelled' };
      case 'SUBMITTED':
      case 'PICKED':
      case 'STARTED':
        return { phase: 'running' };
      default:
        return { phase: 'unknown', state: described.Status };
    }
  }

  protected async stop(id: string): Promise<void> {
    await this.client.send(new CancelStatementCommand({ Id: id }));
  }

  protected cancelledError(sql: string, detail?: string): DatabaseError {
    return new StatementCancelledError(sql, detail);
  }

  private async run<T>(
    sql: string,
    read: (done: DescribeStatementResponse, statement: StatementInFlight) => Promise<T>,
  ): Promise<T> {
    this.statementName = `strata-${this.dataApi.targetName}-${this.tag}-${++this.sequence}`;
    let succeeded = false;
    try {
      const result = await this.runStatement(sql, read);
      succeeded = true;
      return result;
    } finally {
      this.trackTransaction(sql, succeeded);
    }
  }

  /** Every page of a finished statement's result, as row objects. */
  private async readResult(id: string, sql: string, statement: StatementInFlight): Promise<QueryResult> {
    let metadata: ColumnMetadata[] | undefined;
    const rows: Array<Record<string, unknown>> = [];
    const fetch = (nextToken: string | undefined) =>
      this.client.send(new GetStatementResultCommand({ Id: id, NextToken: nextToken }));
    await this.readPages(statement, sql, 'GetStatementResult', fetch, (page) => {
      if (!metadata && page.ColumnMetadata?.length) metadata = page.ColumnMetadata;
      for (const record of page.Records ?? []) rows.push(rowObject(record, metadata ?? []));
    });
    return { columns: columnsOf(metadata ?? []), rows };
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
