import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type AthenaClient,
  type ColumnInfo,
  type QueryExecution,
} from '@aws-sdk/client-athena';
import { PolledStatements, type StatementInFlight, type StatementState } from '../../aws/polled-statement.js';
import type { QueryResult } from '../contract.js';
import type { DatabaseError } from '../database-error.js';
import { QueryCancelledError } from './athena-errors.js';
import type { AthenaOptions } from './athena-settings.js';
import { columnsOf, isHeaderRow, rowObject } from './athena-values.js';

/** A finished query: its rows (for a query) and its update count (CTAS, INSERT). */
export interface AthenaQueryResult extends QueryResult {
  updateCount?: number;
}

/**
 * One query at a time through the Athena API: StartQueryExecution, GetQueryExecution
 * polled with backoff, GetQueryResults paged. `cancel()` stops the query in flight
 * (StopQueryExecution) and cuts the current wait short.
 */
export class AthenaQueryRunner extends PolledStatements<QueryExecution> {
  constructor(
    private readonly client: AthenaClient,
    private readonly athena: AthenaOptions,
  ) {
    super(
      {
        adapter: 'athena',
        label: 'Athena',
        noun: 'query',
        stopped: 'stopped',
        calls: { submit: 'StartQueryExecution', describe: 'GetQueryExecution', stop: 'StopQueryExecution' },
        stateName: 'query state',
        endedErrors: ['InvalidRequestException'],
      },
      athena,
    );
  }

  /** Run `sql`; with `readRows`, every page of its result, else only its update count. */
  run(sql: string, readRows: boolean): Promise<AthenaQueryResult> {
    return this.runStatement(sql, (done, query) => this.results(done, sql, query, readRows));
  }

  protected async submit(sql: string): Promise<string> {
    const output = await this.client.send(
      new StartQueryExecutionCommand({
        QueryString: sql,
        WorkGroup: this.athena.workGroup,
        QueryExecutionContext: { Catalog: 'AwsDataCatalog' },
        ResultConfiguration: { OutputLocation: this.athena.stagingDir },
      }),
    );
    if (!output.QueryExecutionId) throw new Error('StartQueryExecution returned no QueryExecutionId');
    return output.QueryExecutionId;
  }

  protected async describe(id: string): Promise<StatementState<QueryExecution>> {
    const execution = (await this.client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution;
    const state = execution?.Status?.State;
    switch (state) {
      case 'SUCCEEDED':
        return { phase: 'succeeded', done: execution! };
      case 'FAILED': {
        const status = execution!.Status!;
        return { phase: 'failed', reason: status.StateChangeReason ?? status.AthenaError?.ErrorMessage ?? '' };
      }
      case 'CANCELLED':
        return { phase: 'cancelled' };
      case 'QUEUED':
      case 'RUNNING':
        return { phase: 'running' };
      default:
        return { phase: 'unknown', state };
    }
  }

  protected async stop(id: string): Promise<void> {
    await this.client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
  }

  protected cancelledError(sql: string, detail?: string): DatabaseError {
    return new QueryCancelledError(sql, detail);
  }

  private async results(
    execution: QueryExecution,
    sql: string,
    query: StatementInFlight,
    readRows: boolean,
  ): Promise<AthenaQueryResult> {
    let info: ColumnInfo[] | undefined;
    const result: AthenaQueryResult = { columns: [], rows: [] };
    let first = true;
    const fetch = (nextToken: string | undefined) =>
      this.client.send(
        new GetQueryResultsCommand({ QueryExecutionId: execution.QueryExecutionId!, NextToken: nextToken }),
      );
    await this.readPages(query, sql, 'GetQueryResults', fetch, (page) => {
      if (page.UpdateCount !== undefined && page.UpdateCount > 0) result.updateCount = page.UpdateCount;
      info ??= page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      if (!readRows) return false;
      result.columns = columnsOf(info);
      const rows = page.ResultSet?.Rows ?? [];
      const skipHeader = first && execution.StatementType === 'DML' && isHeaderRow(rows[0], info);
      for (const row of skipHeader ? rows.slice(1) : rows) result.rows.push(rowObject(row, info, result.columns));
      first = false;
    });
    return result;
  }
}
