import { randomUUID } from 'node:crypto';
import { epochSeconds } from '../aws-json-api.js';
import { hiveDdlToTrino, isHiveDdl } from './hive-ddl.js';
import {
  runOnTrino,
  TrinoQueryError,
  type RunningStatement,
  type TrinoResult,
  type TrinoSession,
} from './trino-client.js';

export type QueryState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

/** Where a query runs and where its results would go. */
export interface QueryContext {
  database?: string;
  catalog: string;
  workGroup: string;
  outputLocation: string;
}

/**
 * One Athena query execution: QUEUED, then RUNNING once Trino has it, then SUCCEEDED,
 * FAILED (with Trino's error as the reason) or CANCELLED. StatementType follows Athena:
 * DDL for schema and table definitions (CTAS included), DML for queries and INSERT.
 */
export class QueryExecution {
  readonly id = randomUUID();
  state: QueryState = 'QUEUED';
  reason?: string;
  errorName?: string;
  result?: TrinoResult;
  private readonly submitted = new Date();
  private completed?: Date;
  private running?: RunningStatement;
  private stopRequested = false;

  constructor(
    readonly sql: string,
    readonly context: QueryContext,
  ) {}

  get statementType(): 'DDL' | 'DML' | 'UTILITY' {
    if (/^\s*(SHOW|DESCRIBE|EXPLAIN)\b/i.test(this.sql)) return 'UTILITY';
    if (/^\s*(CREATE|DROP|ALTER|MSCK)\b/i.test(this.sql)) return 'DDL';
    return 'DML';
  }

  get ended(): boolean {
    return this.state === 'SUCCEEDED' || this.state === 'FAILED' || this.state === 'CANCELLED';
  }

  /** Run on Trino after `queueDelayMs` in QUEUED. */
  async run(trino: Omit<TrinoSession, 'schema'>, queueDelayMs: number): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, queueDelayMs));
    if (this.stopRequested) return this.finish('CANCELLED', 'Query cancelled by user');
    const sql = withTrinoCatalog(isHiveDdl(this.sql) ? hiveDdlToTrino(this.sql) : this.sql, trino.catalog);
    this.state = 'RUNNING';
    this.running = runOnTrino({ ...trino, schema: this.context.database }, sql);
    try {
      this.result = await this.running.result;
      this.finish('SUCCEEDED');
    } catch (error) {
      if (this.stopRequested) return this.finish('CANCELLED', 'Query cancelled by user');
      const trinoError = error instanceof TrinoQueryError ? error : undefined;
      this.errorName = trinoError?.errorName ?? 'GENERIC_INTERNAL_ERROR';
      this.finish('FAILED', `${this.errorName}: ${(error as Error).message}`);
    }
  }

  async stop(): Promise<void> {
    if (this.ended) return;
    this.stopRequested = true;
    await this.running?.cancel();
  }

  /** The QueryExecution structure GetQueryExecution answers with. */
  describe(): Record<string, unknown> {
    return {
      QueryExecutionId: this.id,
      Query: this.sql,
      StatementType: this.statementType,
      ResultConfiguration: { OutputLocation: `${this.context.outputLocation.replace(/\/?$/, '/')}${this.id}.csv` },
      QueryExecutionContext: {
        Catalog: this.context.catalog,
        ...(this.context.database ? { Database: this.context.database } : {}),
      },
      Status: {
        State: this.state,
        SubmissionDateTime: epochSeconds(this.submitted),
        ...(this.completed ? { CompletionDateTime: epochSeconds(this.completed) } : {}),
        ...(this.reason ? { StateChangeReason: this.reason } : {}),
        ...(this.state === 'FAILED'
          ? {
              AthenaError: {
                ErrorCategory: this.errorName === 'GENERIC_INTERNAL_ERROR' ? 1 : 2,
                ErrorType: 1000,
                Retryable: false,
                ErrorMessage: this.reason,
              },
            }
          : {}),
      },
      Statistics: {
        EngineExecutionTimeInMillis: this.elapsedMs(),
        TotalExecutionTimeInMillis: this.elapsedMs(),
        DataScannedInBytes: 0,
      },
      WorkGroup: this.context.workGroup,
      EngineVersion: { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' },
    };
  }

  private elapsedMs(): number {
    return (this.completed ?? new Date()).getTime() - this.submitted.getTime();
  }

  private finish(state: QueryState, reason?: string): void {
    this.state = state;
    this.reason = reason;
    this.completed = new Date();
  }
}

/**
 * Athena's catalog is `AwsDataCatalog` (three-part names as dbt-athena writes them:
 * `"awsdatacatalog"."db"."table"`); behind this host it is the Trino catalog of the Glue
 * tables, so a name qualified with it is qualified with that catalog instead.
 */
function withTrinoCatalog(sql: string, catalog: string): string {
  return sql.replace(
    /(^|[^\w".])"?awsdatacatalog"?(\s*\.)/gi,
    (_, before: string, dot: string) => `${before}"${catalog}"${dot}`,
  );
}
