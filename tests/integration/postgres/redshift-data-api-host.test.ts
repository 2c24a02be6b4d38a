import {
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  ListStatementsCommand,
  RedshiftDataClient,
  type DescribeStatementResponse,
} from '@aws-sdk/client-redshift-data';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { postgresClientConfig } from '../../services/postgres/postgres-service.js';
import { startDataApiHost, type DataApiHost } from '../../services/aws/redshift-data-api/data-api-host.js';
import { TEST_CREDENTIALS } from '../../services/aws/redshift-data-api/test-target.js';

// The test host on its own, through the SDK's plain commands: the wire shapes a client of
// the real Data API relies on.
describeWithService('postgres', 'Redshift Data API test host', (service) => {
  let host: DataApiHost;
  let client: RedshiftDataClient;
  const cluster = { ClusterIdentifier: 'strata-test-cluster', Database: 'postgres', DbUser: 'postgres' };

  const until = async (
    id: string,
    done = (s: DescribeStatementResponse) => ['FINISHED', 'FAILED', 'ABORTED'].includes(s.Status!),
  ) => {
    for (;;) {
      const described = await client.send(new DescribeStatementCommand({ Id: id }));
      if (done(described)) return described;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  beforeAll(async () => {
    host = await startDataApiHost({ postgres: postgresClientConfig(service), pageSize: 3, queueDelayMs: 30 });
    client = new RedshiftDataClient({
      endpoint: host.endpoint,
      region: 'us-east-1',
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    client?.destroy();
    await host?.close();
  });

  it('runs a statement asynchronously through SUBMITTED, PICKED, STARTED to FINISHED', async () => {
    const executed = await client.send(
      new ExecuteStatementCommand({ ...cluster, Sql: 'SELECT pg_sleep(0.3), 7 AS seven', StatementName: 'named' }),
    );
    expect(executed).toMatchObject({ ...cluster, Id: expect.any(String) });
    expect(executed.CreatedAt).toBeInstanceOf(Date);
    expect(executed.SessionId).toBeUndefined();
    // The client sees the statement in flight (the SQL alone takes 300 ms) before it ends; the
    // short queued states are checked in the host's history, which no poll interval can miss.
    const seen: string[] = [];
    const done = await until(executed.Id!, (s) => (seen.push(s.Status!), s.Status === 'FINISHED'));
    expect(seen.length).toBeGreaterThan(1);
    expect(['SUBMITTED', 'PICKED', 'STARTED']).toContain(seen[0]);
    expect(host.statementHistory(executed.Id!)).toEqual(['SUBMITTED', 'PICKED', 'STARTED', 'FINISHED']);
    expect(done).toMatchObject({
      HasResultSet: true,
      ResultRows: 1,
      QueryString: 'SELECT pg_sleep(0.3), 7 AS seven',
      ResultFormat: 'JSON',
    });
    expect(done.Duration).toBeGreaterThan(250_000_000);
    expect(done.RedshiftPid).toBeGreaterThan(0);
    expect(done.UpdatedAt!.getTime()).toBeGreaterThanOrEqual(done.CreatedAt!.getTime());
  });

  it('answers records as Fields with ColumnMetadata on the first page, paged by NextToken', async () => {
    const { Id } = await client.send(
      new ExecuteStatementCommand({
        ...cluster,
        Sql: 'SELECT n::int4 AS n, (n * 0.5)::numeric(5,1) AS half, NULL::text AS nothing FROM generate_series(1, 7) n',
      }),
    );
    await until(Id!);
    const first = await client.send(new GetStatementResultCommand({ Id }));
    expect(first.TotalNumRows).toBe(7);
    expect(first.Records).toEqual([
      [{ longValue: 1 }, { stringValue: '0.5' }, { isNull: true }],
      [{ longValue: 2 }, { stringValue: '1.0' }, { isNull: true }],
      [{ longValue: 3 }, { stringValue: '1.5' }, { isNull: true }],
    ]);
    expect(first.ColumnMetadata?.[0]).toEqual({
      isCaseSensitive: false,
      isCurrency: false,
      isSigned: true,
      label: 'n',
      length: 0,
      name: 'n',
      nullable: 1,
      precision: 10,
      scale: 0,
      schemaName: '',
      tableName: '',
      typeName: 'int4',
    });
    expect(first.ColumnMetadata?.map((c) => c.typeName)).toEqual(['int4', 'numeric', 'varchar']);
    const second = await client.send(new GetStatementResultCommand({ Id, NextToken: first.NextToken }));
    expect(second.ColumnMetadata).toBeUndefined();
    const third = await client.send(new GetStatementResultCommand({ Id, NextToken: second.NextToken }));
    expect(third.Records).toHaveLength(1);
    expect(third.NextToken).toBeUndefined();
  });

  it('keeps the Redshift error text and position of a FAILED statement', async () => {
    const { Id } = await client.send(
      new ExecuteStatementCommand({ ...cluster, Sql: 'SELECT nope FROM generate_series(1, 2)' }),
    );
    const failed = await until(Id!);
    expect(failed.Status).toBe('FAILED');
    expect(failed.Error).toBe('ERROR: column "nope" does not exist\n  Position: 8');
    await expect(client.send(new GetStatementResultCommand({ Id }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Query does not have result. Please check query status with DescribeStatement.',
    });
  });

  it('answers errors in the service shapes', async () => {
    await expect(
      client.send(new DescribeStatementCommand({ Id: '00000000-0000-0000-0000-000000000000' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      ResourceId: '00000000-0000-0000-0000-000000000000',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(
      client.send(new ExecuteStatementCommand({ Sql: 'SELECT 1', Database: 'postgres' })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      client.send(new ExecuteStatementCommand({ ...cluster, Sql: 'SELECT 1; SELECT 2' })).then((r) => until(r.Id!)),
    ).resolves.toMatchObject({
      Status: 'FAILED',
      Error: expect.stringMatching(/cannot insert multiple commands into a prepared statement/),
    });
    await expect(client.send(new ListStatementsCommand({}))).rejects.toMatchObject({
      name: 'UnknownOperationException',
    });
    const picky = await startDataApiHost({
      postgres: postgresClientConfig(service),
      accessKeyId: TEST_CREDENTIALS.accessKeyId,
    });
    const stranger = new RedshiftDataClient({
      endpoint: picky.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
      maxAttempts: 1,
    });
    try {
      await expect(stranger.send(new DescribeStatementCommand({ Id: 'x' }))).rejects.toMatchObject({
        name: 'UnrecognizedClientException',
      });
    } finally {
      stranger.destroy();
      await picky.close();
    }
  });

  it('keeps a session across statements, one statement at a time, until its keep-alive ends', async () => {
    const opened = await client.send(
      new ExecuteStatementCommand({
        ...cluster,
        Sql: 'CREATE TEMP TABLE t AS SELECT 1 AS x',
        SessionKeepAliveSeconds: 1,
      }),
    );
    expect(opened.SessionId).toEqual(expect.any(String));
    await until(opened.Id!);
    const next = await client.send(
      new ExecuteStatementCommand({ Sql: 'SELECT pg_sleep(0.2), x FROM t', SessionId: opened.SessionId }),
    );
    expect(next.SessionId).toBe(opened.SessionId);
    await expect(
      client.send(new ExecuteStatementCommand({ Sql: 'SELECT 1', SessionId: opened.SessionId })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/Session .* is busy/),
    });
    await expect(
      client.send(new ExecuteStatementCommand({ Sql: 'SELECT 1', SessionId: opened.SessionId, Database: 'postgres' })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
    expect((await until(next.Id!)).Status).toBe('FINISHED');
    await new Promise((resolve) => setTimeout(resolve, 1300));
    await expect(
      client.send(new ExecuteStatementCommand({ Sql: 'SELECT 1', SessionId: opened.SessionId })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/Session .* is not available/),
    });
  });

  it('cancels a running statement with pg_cancel_backend, and refuses to cancel an ended one', async () => {
    const { Id } = await client.send(new ExecuteStatementCommand({ ...cluster, Sql: 'SELECT pg_sleep(30)' }));
    await until(Id!, (s) => s.Status === 'STARTED');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await client.send(new CancelStatementCommand({ Id }))).toMatchObject({ Status: true });
    const aborted = await until(Id!);
    expect(aborted.Status).toBe('ABORTED');
    expect(aborted.Duration).toBeLessThan(5_000_000_000);
    await expect(client.send(new CancelStatementCommand({ Id }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Could not cancel a query that is already in ABORTED state.',
    });
  });

  it('returns the same statement for a repeated ClientToken', async () => {
    const first = await client.send(
      new ExecuteStatementCommand({ ...cluster, Sql: 'SELECT 1', ClientToken: 'same-token' }),
    );
    const again = await client.send(
      new ExecuteStatementCommand({ ...cluster, Sql: 'SELECT 1', ClientToken: 'same-token' }),
    );
    expect(again.Id).toBe(first.Id);
  });
});
