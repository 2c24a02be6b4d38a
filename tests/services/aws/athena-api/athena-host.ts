import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, answerAwsJson, optionalInteger, optionalString, sendJson, type Operation } from '../aws-json-api.js';
import { QueryExecution } from './query-execution.js';
import { athenaRows, columnInfo } from './result-set.js';

/**
 * A test host that speaks the Athena API (AWS JSON 1.1, what `@aws-sdk/client-athena`
 * sends) and runs every query on a real Trino with the Hive connector on Glue and S3:
 * StartQueryExecution, GetQueryExecution, GetQueryResults (paged, typed ColumnInfo) and
 * StopQueryExecution. See CONTEXT.md for what it checks and what it leaves out.
 */

const TARGET_PREFIX = 'AmazonAthena.';
const MAX_PAGE = 1000;

export interface AthenaHostOptions {
  /** Trino's HTTP endpoint, e.g. the `trino` service's `details.endpoint` */
  trinoEndpoint: string;
  /** the Trino catalog Athena's `AwsDataCatalog` maps to (the Hive connector on Glue) */
  trinoCatalog: string;
  /** rows per GetQueryResults page when the client asks for more (default 1000, Athena's cap) */
  pageSize?: number;
  /** ms a query stays QUEUED before it runs (default 5) */
  queueDelayMs?: number;
  /** when set, only requests signed with this access key id are accepted */
  accessKeyId?: string;
}

export interface AthenaHost {
  /** `http://127.0.0.1:<port>`, the endpoint a client is pointed at */
  endpoint: string;
  /** requests answered, by operation */
  readonly calls: Readonly<Record<string, number>>;
  /** a query's current state, by id */
  queryState(id: string): string | undefined;
  /** every query started, in order, with its state now */
  executions(): Array<{ id: string; sql: string; state: string }>;
  /** Stop what runs and stop listening. */
  close(): Promise<void>;
}

/** Start a host on a free port of 127.0.0.1. */
export async function startAthenaHost(options: AthenaHostOptions): Promise<AthenaHost> {
  const state = new HostState(options);
  const server = createServer((request, response) => void state.handle(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls: state.calls,
    queryState: (id) => state.executions.get(id)?.state,
    executions: () => [...state.executions.values()].map((e) => ({ id: e.id, sql: e.sql, state: e.state })),
    close: async () => {
      await Promise.all([...state.executions.values()].map((e) => e.stop()));
      await Promise.all(state.running);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const invalid = (message: string) =>
  new ApiError('InvalidRequestException', message, 400, { AthenaErrorCode: 'INVALID_INPUT' });

class HostState {
  readonly calls: Record<string, number> = {};
  readonly executions = new Map<string, QueryExecution>();
  readonly running = new Set<Promise<void>>();
  private readonly byToken = new Map<string, QueryExecution>();
  private readonly operations: Record<string, Operation> = {
    StartQueryExecution: (body, response) => this.start(body, response),
    GetQueryExecution: (body, response) => sendJson(response, { QueryExecution: this.execution(body).describe() }),
    GetQueryResults: (body, response) => this.results(body, response),
    StopQueryExecution: (body, response) => this.stop(body, response),
  };

  constructor(private readonly options: AthenaHostOptions) {}

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

  private start(body: Record<string, unknown>, response: ServerResponse): void {
    const sql = optionalString(body, 'QueryString');
    if (sql === undefined || sql.trim() === '') throw invalid('QueryString must not be empty');
    if (sql.length > 262_144) throw invalid('QueryString is longer than 262144 characters');
    const token = optionalString(body, 'ClientRequestToken');
    const repeated = token === undefined ? undefined : this.byToken.get(token);
    if (repeated) return sendJson(response, { QueryExecutionId: repeated.id });
    const context = (body['QueryExecutionContext'] ?? {}) as Record<string, unknown>;
    const result = (body['ResultConfiguration'] ?? {}) as Record<string, unknown>;
    const outputLocation = optionalString(result, 'OutputLocation');
    if (!outputLocation) {
      throw invalid(
        'No output location provided. An output location is required either through the Workgroup result ' +
          'configuration setting or as an API input.',
      );
    }
    if (!/^s3:\/\/[^/]+/.test(outputLocation))
      throw invalid(`OutputLocation must be an s3:// URI, got ${outputLocation}`);
    const catalog = optionalString(context, 'Catalog') ?? 'AwsDataCatalog';
    if (catalog.toLowerCase() !== 'awsdatacatalog')
      throw invalid(`Catalog ${catalog} is not served by this test host (only AwsDataCatalog)`);
    const execution = new QueryExecution(sql, {
      database: optionalString(context, 'Database'),
      catalog,
      workGroup: optionalString(body, 'WorkGroup') ?? 'primary',
      outputLocation,
    });
    this.executions.set(execution.id, execution);
    if (token !== undefined) this.byToken.set(token, execution);
    const run = execution
      .run({ endpoint: this.options.trinoEndpoint, catalog: this.options.trinoCatalog }, this.options.queueDelayMs ?? 5)
      .finally(() => this.running.delete(run));
    this.running.add(run);
    sendJson(response, { QueryExecutionId: execution.id });
  }

  private execution(body: Record<string, unknown>): QueryExecution {
    const id = optionalString(body, 'QueryExecutionId');
    if (id === undefined) throw invalid('QueryExecutionId must not be null');
    const execution = this.executions.get(id);
    if (!execution) throw invalid(`QueryExecution ${id} was not found`);
    return execution;
  }

  private results(body: Record<string, unknown>, response: ServerResponse): void {
    const execution = this.execution(body);
    if (execution.state === 'FAILED') throw invalid(execution.reason ?? 'Query failed');
    if (execution.state !== 'SUCCEEDED' || !execution.result)
      throw invalid(`Query has not yet finished. Current state: ${execution.state}`);
    const maxResults = optionalInteger(body, 'MaxResults') ?? MAX_PAGE;
    if (maxResults < 1 || maxResults > MAX_PAGE) throw invalid(`MaxResults must be between 1 and ${MAX_PAGE}`);
    const pageSize = Math.min(maxResults, this.options.pageSize ?? MAX_PAGE);
    const rows = athenaRows(execution.result);
    const token = optionalString(body, 'NextToken');
    const offset = token === undefined ? 0 : decodeToken(token, execution.id);
    const page = rows.slice(offset, offset + pageSize);
    const next = offset + page.length < rows.length ? encodeToken(execution.id, offset + page.length) : undefined;
    sendJson(response, {
      ...(execution.result.updateCount !== undefined
        ? { UpdateCount: execution.result.updateCount }
        : { UpdateCount: 0 }),
      ResultSet: {
        Rows: page,
        ResultSetMetadata: { ColumnInfo: execution.result.updateType ? [] : columnInfo(execution.result.columns) },
      },
      ...(next ? { NextToken: next } : {}),
    });
  }

  // Athena answers a stop of a query that already ended without an error.
  private async stop(body: Record<string, unknown>, response: ServerResponse): Promise<void> {
    await this.execution(body).stop();
    sendJson(response, {});
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
  throw invalid('The NextToken is not valid for this query');
}
