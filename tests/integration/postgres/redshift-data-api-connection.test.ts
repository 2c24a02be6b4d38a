import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Connection } from '../../../src/adapters/contract.js';
import { DatabaseError } from '../../../src/adapters/database-error.js';
import { openDataApiConnection } from '../../../src/adapters/redshift/data-api-connection.js';
import { StatementCancelledError } from '../../../src/adapters/redshift/data-api-errors.js';
import { RedshiftDialect } from '../../../src/adapters/redshift/redshift-dialect.js';
import { createAdapter } from '../../../src/adapters/registry.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { postgresClientConfig } from '../../services/postgres/postgres-service.js';
import { startDataApiHost, type DataApiHost } from '../../services/aws/redshift-data-api/data-api-host.js';
import {
  dataApiTarget,
  TEST_CREDENTIALS,
  useTestCredentials,
} from '../../services/aws/redshift-data-api/test-target.js';

const PAGE_SIZE = 7;

describeWithService(
  'postgres',
  'Redshift Data API connection (SDK client -> Data API host -> PostgreSQL)',
  (service) => {
    const schema = `data_api_${randomUUID().slice(0, 8)}`;
    const dialect = new RedshiftDialect();
    const open: Connection[] = [];
    let host: DataApiHost;
    let restoreCredentials: () => void;
    let direct: pg.Client;

    const connect = async (overrides: Record<string, unknown> = {}, on = host) => {
      const connection = await openDataApiConnection(dataApiTarget(on, schema, overrides), dialect);
      open.push(connection);
      return connection;
    };
    const calls = (operation: string, on = host) => on.calls[operation] ?? 0;

    beforeAll(async () => {
      restoreCredentials = useTestCredentials();
      host = await startDataApiHost({
        postgres: postgresClientConfig(service),
        pageSize: PAGE_SIZE,
        accessKeyId: TEST_CREDENTIALS.accessKeyId,
      });
      direct = new pg.Client(postgresClientConfig(service));
      await direct.connect();
      await direct.query(`CREATE SCHEMA ${schema}`);
    });
    afterEach(async () => {
      await Promise.all(open.splice(0).map((connection) => connection.close()));
    });
    afterAll(async () => {
      await direct?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await direct?.end();
      await host?.close();
      restoreCredentials?.();
    });

    it('converts every type the Data API sends to plain JS values, as the contract has them', async () => {
      const connection = await connect();
      const result = await connection.query(`SELECT
      1::int2 AS small, 2147483647::int4 AS int, 9007199254740991::int8 AS safe_big, 9223372036854775807::int8 AS huge,
      -9007199254740993::int8 AS huge_negative, 19.99::numeric(12,2) AS amount,
      12345678901234567890.123::numeric AS wide,
      0.1::float8 AS ratio, 1.5::float4 AS half, 'NaN'::float8 AS nan, true AS yes, false AS no,
      'héllo'::varchar(20) AS name, 'text'::text AS body, 'ab'::char(3) AS code,
      DATE '2024-02-29' AS day, TIMESTAMP '2024-05-01 09:15:00.123456' AS at,
      TIMESTAMPTZ '2024-05-01 09:15:00+02' AS at_tz, TIME '10:30:00' AS clock, NULL::int4 AS nothing`);
      expect(result.rows).toEqual([
        {
          small: 1,
          int: 2147483647,
          safe_big: 9007199254740991n,
          huge: 9223372036854775807n,
          huge_negative: -9007199254740993n,
          amount: 19.99,
          wide: '12345678901234567890.123',
          ratio: 0.1,
          half: 1.5,
          nan: NaN,
          yes: true,
          no: false,
          name: 'héllo',
          body: 'text',
          code: 'ab ',
          day: new Date('2024-02-29T00:00:00Z'),
          at: new Date('2024-05-01T09:15:00.123Z'),
          at_tz: new Date('2024-05-01T07:15:00Z'),
          clock: '10:30:00',
          nothing: null,
        },
      ]);
      expect(result.columns.map((c) => `${c.name}:${c.dataType}`)).toEqual([
        'small:smallint',
        'int:integer',
        'safe_big:bigint',
        'huge:bigint',
        'huge_negative:bigint',
        'amount:numeric',
        'wide:numeric',
        'ratio:double precision',
        'half:real',
        'nan:double precision',
        'yes:boolean',
        'no:boolean',
        'name:character varying',
        'body:character varying',
        'code:character',
        'day:date',
        'at:timestamp without time zone',
        'at_tz:timestamp with time zone',
        'clock:time without time zone',
        'nothing:integer',
      ]);
    });

    it('opens through the registry: type redshift, the Data API by default', async () => {
      const target = dataApiTarget(host, schema, { method: undefined });
      const adapter = await createAdapter(target, process.cwd());
      try {
        const connection = await adapter.connect();
        open.push(connection);
        expect((await connection.query('SELECT current_database() AS db')).rows).toEqual([{ db: host.database }]);
      } finally {
        await adapter.close();
      }
    });

    it('reads string literals as Redshift does: the dialect escapes backslashes and quotes', async () => {
      const connection = await connect();
      const text = "it's C:\\path\\to";
      expect((await connection.query(`SELECT ${dialect.quoteString(text)} AS s`)).rows).toEqual([{ s: text }]);
    });

    it('pages through GetStatementResult for results larger than a page', async () => {
      const connection = await connect();
      const before = calls('GetStatementResult');
      const { rows } = await connection.query(
        "SELECT n, repeat('x', n) AS s FROM generate_series(1, 50) AS n ORDER BY n",
      );
      expect(rows).toHaveLength(50);
      expect(rows[0]).toEqual({ n: 1, s: 'x' });
      expect(rows[49]).toEqual({ n: 50, s: 'x'.repeat(50) });
      expect(calls('GetStatementResult') - before).toBe(Math.ceil(50 / PAGE_SIZE));
    });

    it('reports rows affected and statements without a result', async () => {
      const connection = await connect();
      expect(
        (await connection.execute(`CREATE TABLE ${schema}.counted AS SELECT n FROM generate_series(1, 3) AS n`))
          .rowsAffected,
      ).toBe(3);
      expect((await connection.execute(`INSERT INTO ${schema}.counted VALUES (4), (5)`)).rowsAffected).toBe(2);
      expect(
        (await connection.execute(`CREATE VIEW ${schema}.counted_v AS SELECT n FROM ${schema}.counted`)).rowsAffected,
      ).toBeUndefined();
      expect(await connection.query(`DELETE FROM ${schema}.counted WHERE n > 100`)).toEqual({ columns: [], rows: [] });
    });

    it('introspects relations and columns through information_schema', async () => {
      const connection = await connect();
      await connection.execute(`CREATE TABLE ${schema}.orders (id int8, amount numeric(10,2))`);
      await connection.execute(`CREATE VIEW ${schema}.orders_v AS SELECT id FROM ${schema}.orders`);
      const relations = await connection.listRelations(schema);
      expect(
        relations
          .filter((r) => r.identifier.startsWith('orders'))
          .map((r) => [r.identifier, r.kind])
          .sort(),
      ).toEqual([
        ['orders', 'table'],
        ['orders_v', 'view'],
      ]);
      expect(await connection.getColumns({ schema, identifier: 'orders' })).toEqual([
        { name: 'id', dataType: 'bigint' },
        { name: 'amount', dataType: 'numeric' },
      ]);
    });

    it('fails a statement with the Data API error and the line and column of the failing SQL', async () => {
      const connection = await connect();
      const sql = [
        'SELECT n,',
        '       n * 2 AS twice,',
        '       missing_column + 1 AS broken',
        'FROM generate_series(1, 3) AS n',
      ].join('\n');
      const error = await connection.query(sql).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseError);
      const { message, sql: failed, adapter } = error as DatabaseError;
      expect(adapter).toBe('redshift');
      expect(failed).toBe(sql);
      expect(message).toContain('ERROR: column "missing_column" does not exist');
      expect(message).toContain('at line 3, column 8 of the statement:');
      expect(message).toContain('       missing_column + 1 AS broken\n           ^');
      // The session survives a failed statement.
      expect((await connection.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    });

    it('keeps one session across calls: BEGIN; CREATE; INSERT; ROLLBACK leaves nothing', async () => {
      const connection = await connect();
      await connection.execute('BEGIN');
      await connection.execute(`CREATE TABLE ${schema}.rolled_back (id int4)`);
      await connection.execute(`INSERT INTO ${schema}.rolled_back VALUES (1), (2)`);
      expect((await connection.query(`SELECT count(*) AS n FROM ${schema}.rolled_back`)).rows).toEqual([{ n: 2n }]);
      // Uncommitted: another session does not see the table yet.
      expect((await direct.query(`SELECT to_regclass('${schema}.rolled_back') AS t`)).rows).toEqual([{ t: null }]);
      await connection.execute('ROLLBACK');
      expect((await direct.query(`SELECT to_regclass('${schema}.rolled_back') AS t`)).rows).toEqual([{ t: null }]);

      await connection.execute('BEGIN');
      await connection.execute(`CREATE TABLE ${schema}.committed (id int4)`);
      await connection.execute(`INSERT INTO ${schema}.committed VALUES (1)`);
      await connection.execute('COMMIT');
      expect((await direct.query(`SELECT count(*)::int AS n FROM ${schema}.committed`)).rows).toEqual([{ n: 1 }]);

      await connection.execute('CREATE TEMP TABLE scratch AS SELECT 42 AS answer');
      expect((await connection.query('SELECT answer FROM scratch')).rows).toEqual([{ answer: 42 }]);
    });

    it('runs a failed transaction through the rollback the engine sends', async () => {
      const connection = await connect();
      await connection.execute('BEGIN');
      await connection.execute(`CREATE TABLE ${schema}.half_built (id int4)`);
      await expect(connection.execute(`INSERT INTO ${schema}.half_built VALUES ('not a number')`)).rejects.toThrow(
        /invalid input syntax/,
      );
      await connection.execute('ROLLBACK');
      expect((await direct.query(`SELECT to_regclass('${schema}.half_built') AS t`)).rows).toEqual([{ t: null }]);
    });

    it('cancel() stops a running statement within a second', async () => {
      const connection = await connect();
      const running = connection.query('SELECT pg_sleep(30)').catch((e: unknown) => e);
      await waitUntil(
        async () =>
          (
            await direct.query(
              'SELECT count(*)::int AS n FROM pg_stat_activity ' +
                "WHERE query = 'SELECT pg_sleep(30)' AND state = 'active'",
            )
          ).rows[0].n === 1,
      );
      const cancelledAt = Date.now();
      await connection.cancel();
      const error = await running;
      expect(Date.now() - cancelledAt).toBeLessThan(1000);
      expect(error).toBeInstanceOf(StatementCancelledError);
      expect((error as Error).message).toMatch(/cancelled/);
      expect(
        (
          await direct.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' AND state = 'active'`,
          )
        ).rows[0].n,
      ).toBe(0);
      // The connection goes on working.
      expect((await connection.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
    });

    it('polls DescribeStatement with backoff: a 2 s statement takes a handful of polls', async () => {
      const connection = await connect();
      const before = calls('DescribeStatement');
      await connection.execute('SELECT pg_sleep(2)');
      const polls = calls('DescribeStatement') - before;
      // 25, 50, 100 ... 800 ms then 1 s: about 8 polls; a fixed 25 ms interval would take 80.
      expect(polls).toBeGreaterThanOrEqual(6);
      expect(polls).toBeLessThanOrEqual(10);
    });

    it('cancels a statement that runs past query_timeout_seconds', async () => {
      const connection = await connect({ query_timeout_seconds: 1 });
      const started = Date.now();
      const error = await connection.query('SELECT pg_sleep(30)').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StatementCancelledError);
      expect((error as Error).message).toMatch(/query_timeout_seconds \(1\)/);
      expect(Date.now() - started).toBeLessThan(3000);
    });

    it('closes its session on close() and opens a new one after the old expired', async () => {
      const connection = await connect({ session_keep_alive_seconds: 1 });
      await connection.execute('SELECT 1');
      expect(host.openSessions()).toBeGreaterThanOrEqual(1);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect((await connection.query('SELECT 3 AS three')).rows).toEqual([{ three: 3 }]);

      await connection.execute('BEGIN');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const lost = await connection.execute('SELECT 1').catch((e: unknown) => e);
      expect((lost as Error).message).toMatch(/session ended in the middle of a transaction/);

      // The next statement opens a new session; close() ends it.
      await connection.execute('SELECT 1');
      const sessions = host.openSessions();
      await connection.close();
      open.splice(open.indexOf(connection), 1);
      await waitUntil(async () => host.openSessions() < sessions);
    });

    it('waits and retries when the service has too many active statements', async () => {
      const busyHost = await startDataApiHost({ postgres: postgresClientConfig(service), maxActiveStatements: 1 });
      try {
        const first = await connect({}, busyHost);
        const second = await connect({}, busyHost);
        const [slow, quick] = await Promise.all([
          first.query('SELECT pg_sleep(0.5), 1 AS a'),
          second.query('SELECT 2 AS b'),
        ]);
        expect(slow.rows[0]).toMatchObject({ a: 1 });
        expect(quick.rows).toEqual([{ b: 2 }]);
      } finally {
        await Promise.all(open.splice(0).map((connection) => connection.close()));
        await busyHost.close();
      }
    });

    it('accepts a secret ARN and a serverless workgroup as the identity', async () => {
      const withSecret = await connect({
        db_user: undefined,
        secret_arn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:strata-AbCdEf',
      });
      expect((await withSecret.query('SELECT current_user AS who')).rows).toEqual([{ who: host.user }]);
      const serverless = await connect({
        db_user: undefined,
        cluster_identifier: undefined,
        workgroup: 'strata-test-workgroup',
      });
      expect((await serverless.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    });

    it('keeps secrets out of every error message', async () => {
      const secretArn = 'not-an-arn-holding-s3cr3t-material';
      const errors: unknown[] = [];
      const badSecret = await connect({ db_user: undefined, secret_arn: secretArn });
      errors.push(await badSecret.query('SELECT 1').catch((e: unknown) => e));
      const failing = await connect();
      errors.push(await failing.query('SELECT * FROM no_such_table').catch((e: unknown) => e));
      const strangerHost = await startDataApiHost({
        postgres: postgresClientConfig(service),
        accessKeyId: 'SOMEONEELSE',
      });
      try {
        errors.push(await (await connect({}, strangerHost)).query('SELECT 1').catch((e: unknown) => e));
      } finally {
        await Promise.all(open.splice(0).map((connection) => connection.close()));
        await strangerHost.close();
      }
      const unreachable = await connect({ endpoint: 'http://127.0.0.1:9' });
      errors.push(await unreachable.query('SELECT 1').catch((e: unknown) => e));

      expect(errors.map((e) => (e as Error).constructor.name)).toEqual([
        'DatabaseError',
        'DatabaseError',
        'DatabaseError',
        'DatabaseError',
      ]);
      expect((errors[0] as Error).message).toMatch(/ValidationException: .*Value '\*\*\*' at 'secretArn'/);
      expect((errors[2] as Error).message).toMatch(/UnrecognizedClientException/);
      expect((errors[3] as Error).message).toMatch(/ECONNREFUSED[\s\S]*endpoint/);
      for (const error of errors) {
        const everything = `${String(error)}\n${inspect(error, { depth: 10, showHidden: true })}`;
        expect(everything).not.toContain(secretArn);
        expect(everything).not.toContain(TEST_CREDENTIALS.secretAccessKey);
      }
    });
  },
);

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
