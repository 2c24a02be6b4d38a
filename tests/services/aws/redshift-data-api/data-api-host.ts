import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import pg from 'pg';
import { encodeRecord } from './records.js';
import { runStatement } from './run-statement.js';
import { Session, type StatementIdentity } from './sessions.js';
import { Statement } from './statement.js';
import {
  ApiError,
  answerAwsJson,
  constraintViolation,
  notFound,
  optionalInteger,
  optionalString,
  sendJson,
  sendRaw,
  validation,
  type Operation,
} from '../aws-json-api.js';

const TARGET_PREFIX = 'RedshiftData.';

/**
 * A test host that speaks the Redshift Data API (AWS JSON 1.1, what
 * `@aws-sdk/client-redshift-data` sends) and runs the SQL on PostgreSQL: ExecuteStatement,
 * DescribeStatement, GetStatementResult and CancelStatement, with sessions. Statements run
 * asynchronously and go SUBMITTED -> PICKED -> STARTED -> FINISHED | FAILED | ABORTED.
 * See CONTEXT.md for what it checks and what it leaves out.
 */

export interface DataApiHostOptions {
  /** the PostgreSQL the SQL runs on, e.g. `postgresClientConfig(service)` */
  postgres: pg.ClientConfig;
  /** records per GetStatementResult page; small, so clients page (default 100) */
  pageSize?: number;
  /** ms a statement spends SUBMITTED and then PICKED before it starts (default 5) */
  queueDelayMs?: number;
  /** statements that may be running at once before ActiveStatementsExceededException (default 500) */
  maxActiveStatements?: number;
  /** when set, only requests signed with this access key id are accepted */
  accessKeyId?: string;
  /** the S3 that `COPY ... FROM 's3://...'` reads, e.g. the aws service's client */
  s3?: S3Client;
}

export interface DataApiHost {
  /** `http://127.0.0.1:<port>`, the endpoint a client is pointed at */
  endpoint: string;
  /** the PostgreSQL database and role statements run as by default (a target's database and db_user) */
  database: string;
  user: string;
  /** requests answered, by operation (`ExecuteStatement`, `DescribeStatement`, ...) */
  readonly calls: Readonly<Record<string, number>>;
  /** sessions open now */
  openSessions(): number;
  /** a statement's current status, by Id */
  statementStatus(id: string): string | undefined;
  /** every status a statement has had, in order, by Id */
  statementHistory(id: string): readonly string[] | undefined;
  /** Cancel what runs, close every session, stop listening. */
  close(): Promise<void>;
}

const MAX_KEEP_ALIVE_SECONDS = 86_400;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/;

/** Start a host on a free port of 127.0.0.1. */
export async function startDataApiHost(options: DataApiHostOptions): Promise<DataApiHost> {
  const host = new HostState(options);
  await host.start();
  const server = createServer((request, response) => void host.handle(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    database: options.postgres.database ?? 'postgres',
    user: options.postgres.user ?? 'postgres',
    calls: host.calls,
    openSessions: () => host.sessions.size,
    statementStatus: (id) => host.statements.get(id)?.status,
    statementHistory: (id) => host.statements.get(id)?.history,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await host.stop();
    },
  };
}

class HostState {
  readonly calls: Record<string, number> = {};
  readonly statements = new Map<string, Statement>();
  readonly sessions = new Map<string, Session>();
  private readonly byClientToken = new Map<string, Statement>();
  private readonly running = new Set<Promise<void>>();
  private readonly typeNames = new Map<number, string>();
  private admin: pg.Client | undefined;
  private readonly pageSize: number;
  private readonly operations: Record<string, Operation> = {
    ExecuteStatement: (body, response) => this.executeStatement(body, response),
    DescribeStatement: (body, response) => sendJson(response, this.statement(body).describe()),
    GetStatementResult: (body, response) => this.getStatementResult(body, response),
    CancelStatement: (body, response) => this.cancelStatement(body, response),
  };

  constructor(private readonly options: DataApiHostOptions) {
    this.pageSize = options.pageSize ?? 100;
  }

  /** An admin connection for pg_cancel_backend and type names. */
  async start(): Promise<void> {
    this.admin = new pg.Client({ ...this.options.postgres, application_name: 'redshift-data-api-host-admin' });
    this.admin.on('error', () => undefined);
    await this.admin.connect();
    await this.lookUpTypes([]);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.statements.values()].filter((s) => !s.ended).map((s) => this.requestCancel(s)));
    await Promise.all(this.running);
    await Promise.all([...this.sessions.values()].map((session) => session.close()));
    await this.admin?.end().catch(() => undefined);
  }

  handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    return answerAwsJson(
      {
        targetPrefix: TARGET_PREFIX,
        operations: this.operations,
        accessKeyId: this.options.accessKeyId,
        calls: this.calls,
      },
      request,
      response,
    );
  }

  private executeStatement(body: Record<string, unknown>, response: ServerResponse): void {
    const sql = optionalString(body, 'Sql');
    if (sql === undefined) throw constraintViolation('sql', sql, 'Member must not be null');
    if (sql.trim() === '') throw constraintViolation('sql', sql, 'Member must have length greater than or equal to 1');
    if (body['Parameters'] !== undefined) throw validation('Parameters are not supported by this test host');
    if (body['ResultFormat'] !== undefined && body['ResultFormat'] !== 'JSON')
      throw validation('Only ResultFormat JSON is supported by this test host');
    const keepAlive = optionalInteger(body, 'SessionKeepAliveSeconds');
    if (keepAlive !== undefined && (keepAlive < 0 || keepAlive > MAX_KEEP_ALIVE_SECONDS)) {
      throw constraintViolation(
        'sessionKeepAliveSeconds',
        keepAlive,
        `Member must have value between 0 and ${MAX_KEEP_ALIVE_SECONDS}`,
      );
    }
    const clientToken = optionalString(body, 'ClientToken');
    const repeated = clientToken === undefined ? undefined : this.byClientToken.get(clientToken);
    if (repeated) return sendJson(response, repeated.executeOutput());

    const sessionId = optionalString(body, 'SessionId');
    let session: Session | undefined;
    let identity: StatementIdentity;
    if (sessionId !== undefined) {
      session = this.sessionFor(body, sessionId);
      identity = session.identity;
      if (keepAlive !== undefined) session.keepAliveSeconds = keepAlive;
    } else {
      identity = this.identity(body);
      if (keepAlive !== undefined && keepAlive > 0) {
        session = new Session(this.options.postgres, identity, keepAlive, (closed) => this.sessions.delete(closed.id));
        this.sessions.set(session.id, session);
      }
    }
    const active = [...this.statements.values()].filter((s) => !s.ended).length;
    if (active >= (this.options.maxActiveStatements ?? 500)) {
      if (session && sessionId === undefined) void session.close();
      throw new ApiError(
        'ActiveStatementsExceededException',
        `Active statements exceeded the allowed quota (${active}).`,
      );
    }

    const statement = new Statement(sql, identity, session, optionalString(body, 'StatementName'));
    this.statements.set(statement.id, statement);
    if (clientToken !== undefined) this.byClientToken.set(clientToken, statement);
    session?.take(statement.id);
    const run = runStatement(statement, {
      postgres: this.options.postgres,
      queueDelayMs: this.options.queueDelayMs ?? 5,
      typeNames: (oids) => this.lookUpTypes(oids),
      s3: this.options.s3,
    }).finally(() => this.running.delete(run));
    this.running.add(run);
    sendJson(response, statement.executeOutput());
  }

  /** The session a statement names; it must be open, idle, and named alone. */
  private sessionFor(body: Record<string, unknown>, sessionId: string): Session {
    const withSession = ['ClusterIdentifier', 'WorkgroupName', 'Database', 'DbUser', 'SecretArn'].filter(
      (m) => body[m] !== undefined,
    );
    if (withSession.length > 0)
      throw validation(`${withSession.join(', ')} cannot be specified together with SessionId`);
    const session = this.sessions.get(sessionId);
    if (!session || session.closed) throw validation(`Session ${sessionId} is not available: it expired or was closed`);
    if (session.busyWith) throw validation(`Session ${sessionId} is busy running statement ${session.busyWith}`);
    return session;
  }

  /** The identity of a statement outside a session: one of the Data API's authorization combinations. */
  private identity(body: Record<string, unknown>): StatementIdentity {
    const clusterIdentifier = optionalString(body, 'ClusterIdentifier');
    const workgroupName = optionalString(body, 'WorkgroupName');
    const dbUser = optionalString(body, 'DbUser');
    const secretArn = optionalString(body, 'SecretArn');
    const database = optionalString(body, 'Database');
    if (clusterIdentifier && workgroupName)
      throw validation('Only one of ClusterIdentifier and WorkgroupName can be specified');
    if (!clusterIdentifier && !workgroupName && !secretArn)
      throw validation('Either ClusterIdentifier, WorkgroupName or SecretArn must be specified');
    if (dbUser && secretArn) throw validation('Only one of DbUser and SecretArn can be specified');
    if (dbUser && !clusterIdentifier) throw validation('DbUser can only be specified with ClusterIdentifier');
    if (secretArn !== undefined && !SECRET_ARN.test(secretArn)) {
      throw constraintViolation(
        'secretArn',
        secretArn,
        'Member must satisfy regular expression pattern: arn:aws[a-z-]*:secretsmanager:.*',
      );
    }
    if (!database) throw validation('Database must be specified');
    return { database, clusterIdentifier, workgroupName, dbUser, secretArn };
  }

  private statement(body: Record<string, unknown>): Statement {
    const id = optionalString(body, 'Id');
    if (id === undefined) throw constraintViolation('id', id, 'Member must not be null');
    const statement = this.statements.get(id);
    if (!statement) throw notFound(`Query does not exist.`, id);
    return statement;
  }

  private getStatementResult(body: Record<string, unknown>, response: ServerResponse): void {
    const statement = this.statement(body);
    if (statement.status !== 'FINISHED' || !statement.hasResultSet) {
      throw notFound('Query does not have result. Please check query status with DescribeStatement.', statement.id);
    }
    const token = optionalString(body, 'NextToken');
    const offset = token === undefined ? 0 : decodeToken(token, statement.id);
    const page = statement.rows.slice(offset, offset + this.pageSize);
    const next =
      offset + page.length < statement.rows.length ? encodeToken(statement.id, offset + page.length) : undefined;
    const records = `[${page.map((row) => encodeRecord(row, statement.columns)).join(',')}]`;
    // ColumnMetadata comes with the first page only.
    const rest = JSON.stringify({
      ...(offset === 0 ? { ColumnMetadata: statement.columns.map((c) => c.metadata) } : {}),
      TotalNumRows: statement.rows.length,
      ...(next ? { NextToken: next } : {}),
    });
    sendRaw(response, `{"Records":${records},${rest.slice(1)}`);
  }

  private async cancelStatement(body: Record<string, unknown>, response: ServerResponse): Promise<void> {
    const statement = this.statement(body);
    if (statement.ended) throw validation(`Could not cancel a query that is already in ${statement.status} state.`);
    await this.requestCancel(statement);
    sendJson(response, { Status: true });
  }

  /**
   * pg_cancel_backend on the statement's backend, again every 100 ms while its query has not
   * settled: a signal that lands before the backend reads the query is dropped by PostgreSQL.
   * The session is not released until this ends, so no signal reaches its next statement.
   */
  private async requestCancel(statement: Statement): Promise<void> {
    statement.cancelRequested = true;
    if (statement.status !== 'STARTED' || statement.cancelling) return;
    const signal = () =>
      this.admin!.query('SELECT pg_cancel_backend($1)', [statement.redshiftPid]).then(
        () => undefined,
        () => undefined,
      );
    const first = signal();
    statement.cancelling = (async () => {
      await first;
      for (let attempt = 0; attempt < 50 && !statement.querySettled; attempt++) {
        await sleep(100);
        if (!statement.querySettled) await signal();
      }
    })();
    await first;
  }

  private async lookUpTypes(oids: number[]): Promise<ReadonlyMap<number, string>> {
    const missing = oids.filter((oid) => !this.typeNames.has(oid));
    if (this.typeNames.size === 0 || missing.length > 0) {
      const { rows } = await this.admin!.query<{ oid: number; typname: string }>(
        'SELECT oid::int AS oid, typname FROM pg_type',
      );
      for (const row of rows) this.typeNames.set(row.oid, row.typname);
    }
    return this.typeNames;
  }
}

function encodeToken(id: string, offset: number): string {
  return Buffer.from(JSON.stringify({ id, offset })).toString('base64url');
}

function decodeToken(token: string, id: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { id?: string; offset?: number };
    if (parsed.id === id && Number.isInteger(parsed.offset) && parsed.offset! >= 0) return parsed.offset!;
  } catch {
    // falls through to the error below
  }
  throw validation('The NextToken is not valid for this query');
}
