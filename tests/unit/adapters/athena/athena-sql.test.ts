import { describe, expect, it } from 'vitest';
import { AthenaDialect } from '../../../../src/adapters/athena/athena-dialect.js';
import { csvTableInput, encodeCsv, typedSelect } from '../../../../src/adapters/athena/athena-seed.js';
import { readAthenaOptions } from '../../../../src/adapters/athena/athena-settings.js';
import { parseS3Uri } from '../../../../src/aws/s3-uri.js';
import { convertValue, isHeaderRow } from '../../../../src/adapters/athena/athena-values.js';
import { keepUnmatched } from '../../../../src/materializations/plan-catalog-incremental.js';
import { INCOMING_SUFFIX } from '../../../../src/materializations/plan-step.js';
import { hiveDdlToTrino, isHiveDdl } from '../../../services/aws/athena-api/hive-ddl.js';

const dialect = new AthenaDialect();
const orders = { schema: 'shop', identifier: 'orders' };

describe('Athena SQL (golden)', () => {
  it(
    'rebuilds a merge or delete+insert from the new rows and the unmatched old ones, ' +
      'with every column of the table',
    () => {
      const incoming = { ...orders, identifier: `orders${INCOMING_SUFFIX}` };
      const columns = [
        { name: 'id', dataType: 'integer' },
        { name: 'note', dataType: 'varchar' },
        { name: 'day', dataType: 'date' },
      ];
      // the new rows have no `note`: it is NULL in them, and old rows keep theirs
      expect(keepUnmatched(dialect, orders, incoming, columns, ['id', 'day', 'extra'], ['id', 'day'])).toBe(
        [
          'SELECT "id", CAST(NULL AS varchar) AS "note", "day" FROM "shop"."orders__strata_incoming"',
          'UNION ALL',
          'SELECT strata_target."id", strata_target."note", strata_target."day" ' +
            'FROM "shop"."orders" AS strata_target',
          'WHERE NOT EXISTS (SELECT 1 ' +
            'FROM "shop"."orders__strata_incoming" AS strata_source ' +
            'WHERE strata_source."id" = strata_target."id" ' +
            'AND strata_source."day" = strata_target."day")',
        ].join('\n'),
      );
    },
  );

  it('creates schemas and drops tables in Hive DDL, and a CTAS with Athena table properties', () => {
    expect(dialect.createSchema('shop')).toBe('CREATE SCHEMA IF NOT EXISTS `shop`');
    expect(dialect.dropRelation(orders, 'table')).toBe('DROP TABLE IF EXISTS `shop`.`orders`');
    expect(dialect.addColumn(orders, { name: 'note', dataType: 'varchar' })).toBe(
      'ALTER TABLE `shop`.`orders` ADD COLUMNS (`note` string)',
    );
    expect(dialect.addColumn(orders, { name: 'at', dataType: 'timestamp(3)' })).toBe(
      'ALTER TABLE `shop`.`orders` ADD COLUMNS (`at` timestamp)',
    );
    expect(dialect.addColumn(orders, { name: 'n', dataType: 'integer' })).toBe(
      'ALTER TABLE `shop`.`orders` ADD COLUMNS (`n` int)',
    );
    expect(dialect.addColumn(orders, { name: 'amount', dataType: 'decimal(10,2)' })).toBe(
      'ALTER TABLE `shop`.`orders` ADD COLUMNS (`amount` decimal(10,2))',
    );
    expect(
      dialect.createTableAs(orders, 'select 1 as id, 2 as dt', {
        partitionBy: ['dt'],
        extra: { location: 's3://b/t/orders/1/' },
      }),
    ).toMatchInlineSnapshot(`
        "CREATE TABLE "shop"."orders"
        WITH (format = 'PARQUET', external_location = 's3://b/t/orders/1/', partitioned_by = ARRAY['dt']) AS
        select 1 as id, 2 as dt"
      `);
  });

  it('types a seed from its CSV table: empty is NULL, declared types win, strings stay', () => {
    const csv = { ...orders, identifier: 'orders__strata_tmp_csv' };
    const sql = typedSelect(
      dialect,
      csv,
      ['id', 'Name', 'at', 'amount'],
      [{ portable: 'integer' }, { portable: 'string' }, { portable: 'timestamp' }, { declared: 'DECIMAL(10,2)' }],
    );
    expect(sql).toMatchInlineSnapshot(`
      "SELECT
        CAST(NULLIF("id", '') AS integer) AS "id",
        NULLIF("name", '') AS "Name",
        CAST(replace(NULLIF("at", ''), 'T', ' ') AS timestamp(3)) AS "at",
        CAST(NULLIF("amount", '') AS DECIMAL(10,2)) AS "amount"
      FROM "shop"."orders__strata_tmp_csv""
    `);
  });

  it('re-encodes a seed for OpenCSVSerde: quoted, backslash and quote escaped, empty left empty', () => {
    expect(
      encodeCsv({
        header: ['a', 'b'],
        rows: [
          [`O'Brien \\ "Co"`, ''],
          ['x,y', '1'],
        ],
      }),
    ).toBe(`"a","b"\n"O'Brien \\\\ \\"Co\\"",\n"x,y","1"\n`);
    const input = csvTableInput('Orders_CSV', ['id', 'Name'], { bucket: 'b', prefix: 't/csv/1/' });
    expect(input.StorageDescriptor?.Columns).toEqual([
      { Name: 'id', Type: 'string' },
      { Name: 'name', Type: 'string' },
    ]);
    expect(input.Parameters?.['skip.header.line.count']).toBe('1');
    expect(input.StorageDescriptor?.Location).toBe('s3://b/t/csv/1/');
  });
});

describe('Athena values and settings', () => {
  it('converts Athena text values by column type', () => {
    expect(convertValue('12', 'integer')).toBe(12);
    expect(convertValue('9007199254740993', 'bigint')).toBe(9007199254740993n);
    expect(convertValue('10.50', 'decimal')).toBe(10.5);
    expect(convertValue('true', 'boolean')).toBe(true);
    expect(convertValue('2024-02-29', 'date')).toEqual(new Date('2024-02-29T00:00:00Z'));
    expect(convertValue('2024-05-01 09:00:00.250', 'timestamp')).toEqual(new Date('2024-05-01T09:00:00.250Z'));
    expect(convertValue('2024-05-01 09:00:00.250 UTC', 'timestamp with time zone')).toEqual(
      new Date('2024-05-01T09:00:00.250Z'),
    );
    expect(convertValue('2024-05-01 11:00:00.250 +02:00', 'timestamp with time zone')).toEqual(
      new Date('2024-05-01T09:00:00.250Z'),
    );
    expect(convertValue('2024-05-01 11:00:00.250 Europe/Paris', 'timestamp with time zone')).toBe(
      '2024-05-01 11:00:00.250 Europe/Paris',
    );
    expect(convertValue(undefined, 'varchar')).toBeNull();
    expect(convertValue('[1, 2]', 'array')).toBe('[1, 2]');
  });

  it('recognizes the header row Athena puts first in a query result', () => {
    const info = [
      { Name: 'id', Label: 'id', Type: 'integer' },
      { Name: 'name', Label: 'name', Type: 'varchar' },
    ];
    expect(isHeaderRow({ Data: [{ VarCharValue: 'id' }, { VarCharValue: 'name' }] }, info)).toBe(true);
    expect(isHeaderRow({ Data: [{ VarCharValue: '1' }, { VarCharValue: 'name' }] }, info)).toBe(false);
  });

  it('reads S3 locations and refuses a bad one naming the setting', () => {
    expect(parseS3Uri('s3://my-bucket/a/b')).toEqual({ bucket: 'my-bucket', prefix: 'a/b/' });
    expect(parseS3Uri('s3://my-bucket')).toEqual({ bucket: 'my-bucket', prefix: '' });
    expect(parseS3Uri('https://my-bucket/a')).toBeUndefined();
    const target = {
      name: 'prod',
      type: 'athena',
      schema: 's',
      threads: 1,
      settings: { s3_staging_dir: 's3://r/q/', s3_data_dir: 's3://d/t/', poll_interval_ms: 'soon' },
    };
    expect(() => readAthenaOptions(target)).toThrow(
      "Target 'prod' (athena): poll_interval_ms must be a number of at least 1.",
    );
  });
});

describe('the Athena test host rewrites Hive DDL for Trino', () => {
  it('turns backticks into double quotes and ADD COLUMNS into ADD COLUMN', () => {
    expect(isHiveDdl('DROP TABLE IF EXISTS `s`.`t`')).toBe(true);
    expect(isHiveDdl('CREATE TABLE "s"."t" WITH (format = \'PARQUET\') AS (\nselect 1\n)')).toBe(false);
    expect(hiveDdlToTrino('DROP TABLE IF EXISTS `s`.`t`')).toBe('DROP TABLE IF EXISTS "s"."t"');
    expect(hiveDdlToTrino('CREATE DATABASE IF NOT EXISTS `s`')).toBe('CREATE SCHEMA IF NOT EXISTS "s"');
    expect(hiveDdlToTrino('ALTER TABLE `s`.`t` ADD COLUMNS (`note` string)')).toBe(
      'ALTER TABLE "s"."t" ADD COLUMN "note" varchar',
    );
  });
});
