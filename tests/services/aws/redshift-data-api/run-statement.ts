import { setTimeout as sleep } from 'node:timers/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import type pg from 'pg';
import { describeColumn } from './records.js';
import { stageS3Copy, type StagedCopy } from './s3-copy.js';
import { backendPid, connectAs } from './sessions.js';
import type { Statement } from './statement.js';

/** What running a statement needs from the host. */
export interface RunContext {
  postgres: pg.ClientConfig;
  /** ms spent SUBMITTED, then PICKED, before the SQL starts */
  queueDelayMs: number;
  /** pg_type.typname by OID, looking up OIDs it has not seen */
  typeNames(oids: number[]): Promise<ReadonlyMap<number, string>>;
  /** where `COPY ... FROM 's3://...'` reads (the test services' S3 endpoint) */
  s3?: S3Client;
}

// Values come back as PostgreSQL's text output: exact, and what the Data API sends as strings.
const RAW_TEXT = { getTypeParser: () => (value: string) => value };

/**
 * Run a submitted statement to its end on its session's connection (or a connection of
 * its own), recording status, timing, error and result as the Data API reports them.
 */
export async function runStatement(statement: Statement, context: RunContext): Promise<void> {
  let ownClient: pg.Client | undefined;
  try {
    await sleep(context.queueDelayMs);
    if (statement.cancelRequested) return statement.setStatus('ABORTED');
    statement.setStatus('PICKED');
    await sleep(context.queueDelayMs);
    if (statement.cancelRequested) return statement.setStatus('ABORTED');

    let client: pg.Client;
    try {
      client = statement.session
        ? await statement.session.connection()
        : (ownClient = await connectAs(context.postgres, statement.identity));
    } catch (error) {
      await statement.session?.close();
      return fail(statement, error);
    }
    statement.redshiftPid = backendPid(client);
    statement.startedAt = process.hrtime.bigint();
    statement.setStatus('STARTED');
    let staged: StagedCopy | undefined;
    try {
      staged = await stageS3Copy(statement.sql, context.s3);
      // The extended protocol runs exactly one statement, as ExecuteStatement does.
      const config: pg.QueryArrayConfig & { queryMode: 'extended' } = {
        text: staged?.sql ?? statement.sql,
        rowMode: 'array',
        types: RAW_TEXT,
        queryMode: 'extended',
      };
      const result = await client.query(config).finally(() => (statement.querySettled = true));
      await finish(statement, result, context);
    } catch (error) {
      await statement.cancelling;
      if (statement.cancelRequested && (error as { code?: string }).code === '57014') statement.setStatus('ABORTED');
      else fail(statement, error);
      // A connection that broke cannot carry the session on.
      if (statement.session && !(error as { code?: string }).code && !staged) await statement.session.close();
    } finally {
      await staged?.cleanUp();
    }
  } finally {
    await statement.cancelling;
    if (statement.startedAt !== undefined) statement.durationNs = Number(process.hrtime.bigint() - statement.startedAt);
    statement.updatedAt = new Date();
    if (statement.session && !statement.session.closed) statement.session.release();
    await ownClient?.end().catch(() => undefined);
  }
}

async function finish(statement: Statement, result: pg.QueryArrayResult, context: RunContext): Promise<void> {
  const hasResultSet = result.fields.length > 0;
  if (hasResultSet) {
    const typeNames = await context.typeNames(result.fields.map((field) => field.dataTypeID));
    statement.columns = result.fields.map((field) => describeColumn(field, typeNames));
    statement.rows = result.rows as Array<Array<string | null>>;
    statement.resultRows = result.rows.length;
    statement.resultSize = result.rows.reduce(
      (size, row) => size + row.reduce((n: number, v) => n + (v === null ? 0 : Buffer.byteLength(String(v))), 0),
      0,
    );
  } else {
    statement.resultRows = result.rowCount ?? -1;
    statement.resultSize = 0;
  }
  statement.hasResultSet = hasResultSet;
  await statement.cancelling;
  statement.setStatus('FINISHED');
}

/** FAILED with the error text as Redshift words it: `ERROR: <message>`, and the position when known. */
function fail(statement: Statement, error: unknown): void {
  const e = error as { message?: string; severity?: string; position?: string };
  const message = e.message ?? String(error);
  const position = e.position ? `\n  Position: ${e.position}` : '';
  statement.error = `${e.severity ?? 'ERROR'}: ${message}${position}`;
  statement.setStatus('FAILED');
}
