import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openAthenaConnection, type AthenaConnection } from '../../../src/adapters/athena/athena-connection.js';
import { AthenaDialect } from '../../../src/adapters/athena/athena-dialect.js';
import { QueryCancelledError } from '../../../src/adapters/athena/athena-errors.js';
import { DatabaseError } from '../../../src/adapters/database-error.js';
import { materializeCatalogTable } from '../../../src/materializations/materialize-catalog-table.js';
import { athenaTarget, startAthenaStack, type AthenaTestStack } from '../../services/aws/athena-api/test-target.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { awsBehindTrino } from './athena-stack.js';

const PAGE_SIZE = 4;
/** 10^12 rows to count: minutes of work, so only a stop ends it. */
const SLOW_QUERY =
  'SELECT count(*) FROM UNNEST(sequence(1, 10000)) a(x) CROSS JOIN UNNEST(sequence(1, 10000)) b(y) ' +
  'CROSS JOIN UNNEST(sequence(1, 10000)) c(z)';

describeWithService('trino', 'Athena connection (SDK client -> Athena API host -> Trino on Glue + S3)', (trino) => {
  const schema = `athena_${randomUUID().slice(0, 8)}`;
  const dialect = new AthenaDialect();
  let stack: AthenaTestStack;
  let connection: AthenaConnection;
  const saved = { ...process.env };

  beforeAll(async () => {
    stack = await startAthenaStack(trino, awsBehindTrino(), `athena-conn-${randomUUID().slice(0, 8)}`, {
      pageSize: PAGE_SIZE,
    });
    Object.assign(process.env, stack.env);
    connection = await openAthenaConnection(athenaTarget(stack, schema), dialect);
    await connection.execute(dialect.createSchema(schema));
  });
  afterAll(async () => {
    await connection?.close();
    await stack?.host.close();
    process.env = saved;
  });

  it('pages through GetQueryResults and converts every Athena type', async () => {
    const result = await connection.query(
      `SELECT CAST(n AS integer) AS n, n * 10000000000 AS big, n / 2e0 AS half,
              CAST(n AS decimal(10,2)) + 0.25 AS amount, n % 2 = 0 AS even,
              DATE '2024-01-01' + n * INTERVAL '1' DAY AS day, TIMESTAMP '2024-01-01 10:00:00.123' AS at,
              CASE WHEN n = 3 THEN NULL ELSE 'v' || CAST(n AS varchar) END AS label
       FROM UNNEST(sequence(1, 10)) AS t(n) ORDER BY n`,
    );
    expect(stack.host.calls['GetQueryResults']).toBeGreaterThanOrEqual(3);
    expect(result.rows).toHaveLength(10);
    expect(result.columns.map((c) => c.dataType)).toEqual([
      'integer',
      'bigint',
      'double',
      'decimal(11,2)',
      'boolean',
      'date',
      'timestamp',
      'varchar',
    ]);
    expect(result.rows[2]).toEqual({
      n: 3,
      big: 30000000000n,
      half: 1.5,
      amount: 3.25,
      even: false,
      day: new Date('2024-01-04T00:00:00Z'),
      at: new Date('2024-01-01T10:00:00.123Z'),
      label: null,
    });
  });

  it('builds a partitioned Parquet table with CTAS at its own S3 prefix and reads the catalog from Glue', async () => {
    const relation = { schema, identifier: 'events' };
    const built = await materializeCatalogTable(
      connection,
      dialect,
      relation,
      `SELECT CAST(n AS integer) AS id, 'e' || CAST(n AS varchar) AS name, CAST(n % 3 AS varchar) AS bucket ` +
        'FROM UNNEST(sequence(1, 9)) AS t(n)',
      { partitionBy: ['bucket'] },
    );
    expect(built.rowsAffected).toBe(9);
    expect(built.executedSql.join('\n')).toMatch(
      new RegExp(
        "format = 'PARQUET', external_location = 's3://athena-conn-[^/]+/tables/athena_[^/]+/events/[0-9a-f-]+/', " +
          "partitioned_by = ARRAY\\['bucket'\\]",
      ),
    );
    expect(await connection.getColumns(relation)).toEqual([
      { name: 'id', dataType: 'integer' },
      { name: 'name', dataType: 'varchar' },
      { name: 'bucket', dataType: 'varchar' },
    ]);
    expect(await connection.listRelations(schema)).toContainEqual({ schema, identifier: 'events', kind: 'table' });
  });

  it('fails a bad query with the engine reason and the line and column of the SQL', async () => {
    const error = await connection
      .query('SELECT 1 AS one,\n       no_such_column\nFROM (VALUES 1) AS t(x)')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as Error).message).toMatch(/COLUMN_NOT_FOUND: line 2:8: Column 'no_such_column' cannot be resolved/);
    expect((error as Error).message).toMatch(
      /at line 2, column 8 of the statement:\n {4} {7}no_such_column\n {4} {7}\^/,
    );
  });

  it('stops a query that runs past query_timeout_seconds and says so', async () => {
    const limited = await openAthenaConnection(athenaTarget(stack, schema, { query_timeout_seconds: 1 }), dialect);
    try {
      const error = await limited.query(SLOW_QUERY).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QueryCancelledError);
      expect((error as Error).message).toBe(
        'Athena: the query ran longer than query_timeout_seconds (1) and was stopped.',
      );
    } finally {
      await limited.close();
    }
  });

  it('stops the query in flight on cancel (StopQueryExecution)', async () => {
    const slow = connection.query(SLOW_QUERY);
    const settled = slow.catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const started = Date.now();
    await connection.cancel();
    const error = await settled;
    expect(error).toBeInstanceOf(QueryCancelledError);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(stack.host.calls['StopQueryExecution']).toBe(2);
    // the connection is usable again
    expect((await connection.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});
