import type { Connection } from 'snowflake-sdk';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serviceCacheDir } from '../../services/lifecycle/cache-dir.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import {
  connectSnowflake,
  destroySnowflake,
  executeSql,
  snowflakeConnectionOptions,
  useSnowflakeSdkLog,
} from '../../services/snowflake/snowflake-client.js';

interface Row {
  ID: number;
  AMOUNT: number | null;
  NAME: string | null;
  ACTIVE: boolean | null;
  CREATED_AT: Date | null;
  DAY: Date | null;
}

const TABLE = 'sdk_smoke';

describeWithService('snowflake', 'snowflake-sdk against the Snowflake-protocol server', (service) => {
  let connection: Connection;

  beforeAll(async () => {
    useSnowflakeSdkLog(serviceCacheDir());
    connection = await connectSnowflake(snowflakeConnectionOptions(service));
    await executeSql(
      connection,
      `create or replace table ${TABLE} (
         id integer, amount number(10, 2), name varchar, active boolean, created_at timestamp_ntz, day date)`,
    );
  });

  afterAll(async () => {
    if (connection?.isUp()) await destroySnowflake(connection);
  });

  it('inserts literal rows, bound rows and an array-bound batch', async () => {
    const literal = await executeSql(
      connection,
      `insert into ${TABLE} values
         (1, 12.50, 'one', true, '2024-01-02 03:04:05.123', '2024-02-29'),
         (2, null, null, null, null, null)`,
    );
    expect(literal.rows).toEqual([{ 'number of rows inserted': 2 }]);
    expect(literal.statement.getNumUpdatedRows()).toBe(2);

    const bound = await executeSql(connection, `insert into ${TABLE} values (?, ?, ?, ?, ?, ?)`, [
      3,
      -0.05,
      "it's",
      false,
      '1969-12-31 23:59:59.500',
      '1960-01-01',
    ]);
    expect(bound.statement.getNumUpdatedRows()).toBe(1);

    // An array of rows is one statement with array binding (Snowflake's multi-row insert).
    const batch = await executeSql(connection, `insert into ${TABLE} (id, name, amount) values (?, ?, ?)`, [
      [4, 'four', 4],
      [5, 'five', null],
      [6, null, 1234567.89],
    ]);
    expect(batch.statement.getNumUpdatedRows()).toBe(3);
  });

  it('selects the rows back with their types', async () => {
    const { rows, statement } = await executeSql<Row>(
      connection,
      `select * from ${TABLE} where id <= ? order by id`,
      [6],
    );

    expect((statement.getColumns() ?? []).map((c) => [c.getName(), c.getType(), c.getScale()])).toEqual([
      ['ID', 'fixed', 0],
      ['AMOUNT', 'fixed', 2],
      ['NAME', 'text', null],
      ['ACTIVE', 'boolean', null],
      ['CREATED_AT', 'timestamp_ntz', 9],
      ['DAY', 'date', null],
    ]);
    expect(rows.map((r) => r.ID)).toEqual([1, 2, 3, 4, 5, 6]);

    const [one, two, three, four, five, six] = rows;
    expect(one).toMatchObject({ ID: 1, AMOUNT: 12.5, NAME: 'one', ACTIVE: true });
    expect(one?.CREATED_AT).toBeInstanceOf(Date);
    expect(one?.CREATED_AT?.getTime()).toBe(Date.UTC(2024, 0, 2, 3, 4, 5, 123));
    expect(one?.DAY?.getTime()).toBe(Date.UTC(2024, 1, 29));

    expect(two).toEqual({ ID: 2, AMOUNT: null, NAME: null, ACTIVE: null, CREATED_AT: null, DAY: null });

    expect(three).toMatchObject({ ID: 3, AMOUNT: -0.05, NAME: "it's", ACTIVE: false });
    expect(three?.CREATED_AT?.getTime()).toBe(Date.UTC(1969, 11, 31, 23, 59, 59, 500));
    expect(three?.DAY?.getTime()).toBe(Date.UTC(1960, 0, 1));

    expect(four).toMatchObject({ ID: 4, NAME: 'four', AMOUNT: 4, ACTIVE: null });
    expect(five).toMatchObject({ ID: 5, NAME: 'five', AMOUNT: null });
    expect(six).toMatchObject({ ID: 6, NAME: null, AMOUNT: 1234567.89 });
  });

  it('keeps the exact digits of numbers and dates fetched as strings', async () => {
    const { rows } = await new Promise<{ rows: Record<string, unknown>[] }>((resolve, reject) => {
      connection.execute({
        sqlText: `select amount, 9007199254740993 as big, day from ${TABLE} where id = 1`,
        fetchAsString: ['Number', 'Date'],
        complete: (error, _statement, result) => (error ? reject(error) : resolve({ rows: result ?? [] })),
      });
    });
    expect(rows).toEqual([{ AMOUNT: '12.50', BIG: '9007199254740993', DAY: '2024-02-29' }]);
  });

  it('reads float, time, timestamp_tz, binary and variant values', async () => {
    const { rows } = await executeSql(
      connection,
      `select 2.5::float as f, '13:14:15'::time as t, '2024-01-02 03:04:05+00:00'::timestamp_tz as tz,
              to_binary('ABCD', 'HEX') as b, parse_json('{"k": [1, 2]}') as v`,
    );
    const [row] = rows;
    expect(row?.['F']).toBe(2.5);
    expect(row?.['T']).toBe('13:14:15');
    expect((row?.['TZ'] as Date).getTime()).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(Buffer.isBuffer(row?.['B'])).toBe(true);
    expect((row?.['B'] as Buffer).toString('hex')).toBe('abcd');
    expect(row?.['V']).toEqual({ k: [1, 2] });
  });

  it('fails a statement with the server error, at once', async () => {
    await expect(executeSql(connection, 'select * from no_such_table')).rejects.toMatchObject({
      code: '002003',
      message: expect.stringMatching(/NO_SUCH_TABLE/),
    });
  });

  it('destroys the connection (the server ends the session)', async () => {
    await destroySnowflake(connection);
    expect(connection.isUp()).toBe(false);
  });
});
