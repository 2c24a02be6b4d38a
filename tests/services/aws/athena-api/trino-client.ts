/**
 * A small client of Trino's HTTP protocol (`POST /v1/statement`, then follow `nextUri`
 * until it is gone): what the Athena test host needs to run one statement and read its
 * columns, rows, update count or error.
 */

/** A column as Trino describes it: `decimal(10,2)`, `varchar`, `timestamp(3)`... */
export interface TrinoColumn {
  name: string;
  type: string;
}

/** What a finished statement gave back. */
export interface TrinoResult {
  columns: TrinoColumn[];
  /** rows as Trino's JSON encodes them (numbers, strings, arrays, objects, null) */
  rows: unknown[][];
  /** `CREATE TABLE`, `INSERT`, `CREATE VIEW`...: set for statements that are not queries */
  updateType?: string;
  updateCount?: number;
}

/** A statement Trino failed, with its error name and location. */
export class TrinoQueryError extends Error {
  constructor(
    message: string,
    readonly errorName: string,
    readonly errorType: string,
  ) {
    super(message);
  }
}

interface StatementResponse {
  id: string;
  nextUri?: string;
  columns?: TrinoColumn[];
  data?: unknown[][];
  updateType?: string;
  updateCount?: number;
  stats?: { state?: string };
  error?: { message: string; errorName: string; errorType: string };
}

/** Where statements go and as whom. */
export interface TrinoSession {
  endpoint: string;
  catalog: string;
  schema?: string;
  user?: string;
}

/** One statement in flight: `cancel()` stops it, `result` settles when it ends. */
export interface RunningStatement {
  /** Trino's query id, once the first response came */
  queryId(): string | undefined;
  /** whether Trino started working on it (the first response came back) */
  started(): boolean;
  cancel(): Promise<void>;
  result: Promise<TrinoResult>;
}

/** Submit `sql` and follow it to the end. */
export function runOnTrino(session: TrinoSession, sql: string): RunningStatement {
  let queryId: string | undefined;
  let nextUri: string | undefined;
  let cancelled = false;
  const run = async (): Promise<TrinoResult> => {
    const headers: Record<string, string> = {
      'X-Trino-User': session.user ?? 'athena',
      'X-Trino-Catalog': session.catalog,
    };
    if (session.schema) headers['X-Trino-Schema'] = session.schema;
    let page = await send(`${session.endpoint}/v1/statement`, { method: 'POST', headers, body: sql });
    const result: TrinoResult = { columns: [], rows: [] };
    for (;;) {
      queryId = page.id;
      if (page.columns) result.columns = page.columns;
      if (page.data) result.rows.push(...page.data);
      if (page.updateType) result.updateType = page.updateType;
      if (page.updateCount !== undefined) result.updateCount = page.updateCount;
      if (page.error) throw new TrinoQueryError(page.error.message, page.error.errorName, page.error.errorType);
      nextUri = page.nextUri;
      if (!nextUri) return result;
      if (cancelled) throw new TrinoQueryError('Query was canceled', 'USER_CANCELED', 'USER_ERROR');
      page = await send(nextUri, { method: 'GET' });
    }
  };
  return {
    queryId: () => queryId,
    started: () => queryId !== undefined,
    cancel: async () => {
      cancelled = true;
      // DELETE on the next URI cancels the query (Trino's client protocol).
      if (nextUri) await fetch(nextUri, { method: 'DELETE' }).catch(() => undefined);
    },
    result: run(),
  };
}

// Trino answers 503 while busy: the protocol says to retry.
async function send(url: string, init: RequestInit): Promise<StatementResponse> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(url, init);
    if (response.status === 503 && attempt < 20) {
      await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
      continue;
    }
    if (!response.ok)
      throw new TrinoQueryError(
        `Trino answered HTTP ${response.status}: ${await response.text()}`,
        'HTTP_ERROR',
        'EXTERNAL',
      );
    return (await response.json()) as StatementResponse;
  }
}
