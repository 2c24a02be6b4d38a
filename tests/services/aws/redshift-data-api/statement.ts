import { randomUUID } from 'node:crypto';
import type { ResultColumn } from './records.js';
import type { Session, StatementIdentity } from './sessions.js';
import { epochSeconds } from '../aws-json-api.js';

/** The statuses a Data API statement goes through. */
export type StatementStatus = 'SUBMITTED' | 'PICKED' | 'STARTED' | 'FINISHED' | 'FAILED' | 'ABORTED';

const ENDED: ReadonlySet<StatementStatus> = new Set(['FINISHED', 'FAILED', 'ABORTED']);

let queryIds = 1000;

/** One submitted statement and, once it ends, its outcome and result. */
export class Statement {
  readonly id = randomUUID();
  readonly createdAt = new Date();
  updatedAt = this.createdAt;
  status: StatementStatus = 'SUBMITTED';
  /** every status it has had, in order (what a client polling fast enough would see) */
  readonly history: StatementStatus[] = ['SUBMITTED'];
  error: string | undefined;
  redshiftPid = 0;
  readonly redshiftQueryId = ++queryIds;
  /** nanoseconds, -1 until it ends */
  durationNs = -1;
  startedAt: bigint | undefined;
  hasResultSet = false;
  resultRows = -1;
  resultSize = -1;
  columns: ResultColumn[] = [];
  rows: Array<Array<string | null>> = [];
  cancelRequested = false;
  /** the query's promise settled (the backend is done with it) */
  querySettled = false;
  /** a pg_cancel_backend under way: the session is not released before it lands */
  cancelling: Promise<void> | undefined;

  constructor(
    readonly sql: string,
    readonly identity: StatementIdentity,
    readonly session: Session | undefined,
    readonly statementName: string | undefined,
  ) {}

  get ended(): boolean {
    return ENDED.has(this.status);
  }

  setStatus(status: StatementStatus): void {
    this.status = status;
    this.history.push(status);
    this.updatedAt = new Date();
  }

  /** The members ExecuteStatement answers with. */
  executeOutput(): Record<string, unknown> {
    return {
      Id: this.id,
      CreatedAt: epochSeconds(this.createdAt),
      ...this.identityMembers(),
      ...(this.session ? { SessionId: this.session.id } : {}),
    };
  }

  /** The DescribeStatement answer. */
  describe(): Record<string, unknown> {
    return {
      Id: this.id,
      Status: this.status,
      CreatedAt: epochSeconds(this.createdAt),
      UpdatedAt: epochSeconds(this.updatedAt),
      Duration: this.durationNs,
      ...(this.error !== undefined ? { Error: this.error } : {}),
      HasResultSet: this.hasResultSet,
      QueryString: this.sql,
      RedshiftPid: this.redshiftPid,
      RedshiftQueryId: this.status === 'SUBMITTED' || this.status === 'PICKED' ? 0 : this.redshiftQueryId,
      ResultRows: this.resultRows,
      ResultSize: this.resultSize,
      ResultFormat: 'JSON',
      ...this.identityMembers(),
      ...(this.session ? { SessionId: this.session.id } : {}),
    };
  }

  private identityMembers(): Record<string, unknown> {
    const { database, clusterIdentifier, workgroupName, dbUser, secretArn } = this.identity;
    return {
      Database: database,
      ...(clusterIdentifier ? { ClusterIdentifier: clusterIdentifier } : {}),
      ...(workgroupName ? { WorkgroupName: workgroupName } : {}),
      ...(dbUser ? { DbUser: dbUser } : {}),
      ...(secretArn ? { SecretArn: secretArn } : {}),
    };
  }
}
