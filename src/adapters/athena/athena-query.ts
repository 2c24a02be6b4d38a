import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type AthenaClient,
  type ColumnInfo,
  type QueryExecution,
} from '@aws-sdk/client-athena';
import type { QueryResult } from '../contract.js';
import { Backoff, WakeableSleep } from '../poll-backoff.js';
import { failedQueryError, isThrottled, QueryCancelledError, serviceError } from './athena-errors.js';
import type { AthenaOptions } from './athena-settings.js';
import { columnsOf, isHeaderRow, rowObject } from './athena-values.js';

/** Throttled StartQueryExecution retries before giving up. */
const THROTTLE_RETRIES = 8;

/** A finished query: its rows (for a query) and its update count (CTAS, INSERT). */
export interface AthenaQueryResult extends QueryResult {
  updateCount?: number;
}

interface InFlight {
  id?: string;
  cancelled: boolean;
  readonly sleep: WakeableSleep;
}

/**
 * One query at a time through the Athena API: StartQueryExecution, GetQueryExecution
 * polled with backoff, GetQueryResults paged. `cancel()` stops the query in flight
 * (StopQueryExecution) and cuts the current wait short.
 */
export class AthenaQueryRunner {
  private inFlight: InFlight | undefined;

  constructor(
    private readonly client: AthenaClient,
    private readonly options: AthenaOptions,
  ) {}

  async run(sql: string, readRows: boolean): Promise<AthenaQueryResult> {
    const query: InFlight = { cancelled: false, sleep: new WakeableSleep() };
    this.inFlight = query;
    try {
      query.id = await this.start(sql, query);
      if (query.cancelled) await this.stop(query.id, sql);
      const done = await this.waitFor(query, sql);
      return await this.results(done, sql, query, readRows);
    } finally {
      this.inFlight = undefined;
    }
  }

  async cancel(): Promise<void> {
    const query = this.inFlight;
    if (!query) return;
    query.cancelled = true;
    query.sleep.wake();
    if (query.id) await this.stop(query.id, '');
  }

  private async start(sql: string, query: InFlight): Promise<string> {
    const busy = new Backoff({ initialMs: 250, maxMs: 4000 });
    for (let attempt = 0; ; attempt++) {
      if (query.cancelled) throw new QueryCancelledError(sql);
      try {
        const output = await this.client.send(
          new StartQueryExecutionCommand({
            QueryString: sql,
            WorkGroup: this.options.workGroup,
            QueryExecutionContext: { Catalog: 'AwsDataCatalog' },
            ResultConfiguration: { OutputLocation: this.options.stagingDir },
          }),
        );
        if (!output.QueryExecutionId) throw new Error('StartQueryExecution returned no QueryExecutionId');
        return output.QueryExecutionId;
      } catch (error) {
        if (isThrottled(error) && attempt < THROTTLE_RETRIES) {
          await query.sleep.sleep(busy.next());
          continue;
        }
        throw serviceError('Athena StartQueryExecution', error, sql, this.options.secrets);
      }
    }
  }

  private async waitFor(query: InFlight, sql: string): Promise<QueryExecution> {
    const backoff = new Backoff(this.options.polling);
    const deadline = this.options.queryTimeoutMs === undefined ? undefined : Date.now() + this.options.queryTimeoutMs;
    let timedOut = false;
    for (;;) {
      await query.sleep.sleep(query.cancelled ? 10 : backoff.next());
      let execution: QueryExecution | undefined;
      try {
        execution = (await this.client.send(new GetQueryExecutionCommand({ QueryExecutionId: query.id! })))
          .QueryExecution;
      } catch (error) {
        throw serviceError('Athena GetQueryExecution', error, sql, this.options.secrets);
      }
      switch (execution?.Status?.State) {
        case 'SUCCEEDED':
          return execution;
        case 'FAILED':
          throw failedQueryError(
            execution.Status.StateChangeReason ?? execution.Status.AthenaError?.ErrorMessage ?? '',
            sql,
          );
        case 'CANCELLED':
          throw new QueryCancelledError(
            sql,
            timedOut
              ? `the query ran longer than query_timeout_seconds (${this.options.queryTimeoutMs! / 1000}) and was stopped`
              : undefined,
          );
        case 'QUEUED':
        case 'RUNNING':
          break;
        default:
          // an answer without a known state would be polled forever: it is not Athena's
          throw serviceError(
            'Athena GetQueryExecution',
            new Error(`GetQueryExecution returned no known query state (${String(execution?.Status?.State)})`),
            sql,
            this.options.secrets,
          );
      }
      if (deadline !== undefined && !timedOut && Date.now() > deadline) {
        timedOut = true;
        query.cancelled = true;
        await this.stop(query.id!, sql);
      }
    }
  }

  private async results(
    execution: QueryExecution,
    sql: string,
    query: InFlight,
    readRows: boolean,
  ): Promise<AthenaQueryResult> {
    let info: ColumnInfo[] | undefined;
    const result: AthenaQueryResult = { columns: [], rows: [] };
    let nextToken: string | undefined;
    let first = true;
    do {
      if (query.cancelled) throw new QueryCancelledError(sql, 'reading the result was cancelled');
      let page;
      try {
        page = await this.client.send(
          new GetQueryResultsCommand({ QueryExecutionId: execution.QueryExecutionId!, NextToken: nextToken }),
        );
      } catch (error) {
        throw serviceError('Athena GetQueryResults', error, sql, this.options.secrets);
      }
      if (page.UpdateCount !== undefined && page.UpdateCount > 0) result.updateCount = page.UpdateCount;
      info ??= page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      if (!readRows) break;
      result.columns = columnsOf(info);
      const rows = page.ResultSet?.Rows ?? [];
      const skipHeader = first && execution.StatementType === 'DML' && isHeaderRow(rows[0], info);
      for (const row of skipHeader ? rows.slice(1) : rows) result.rows.push(rowObject(row, info, result.columns));
      first = false;
      nextToken = page.NextToken || undefined;
    } while (nextToken);
    return result;
  }

  // Stopping a query that already ended is not an error.
  private async stop(id: string, sql: string): Promise<void> {
    try {
      await this.client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
    } catch (error) {
      if (error instanceof Error && error.name === 'InvalidRequestException') return;
      throw serviceError('Athena StopQueryExecution', error, sql, this.options.secrets);
    }
  }
}
