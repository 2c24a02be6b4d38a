import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, GetPartitionsCommand, GetTableCommand, GlueClient } from '@aws-sdk/client-glue';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openAthenaConnection, type AthenaConnection } from '../../../src/adapters/athena/athena-connection.js';
import { AthenaDialect } from '../../../src/adapters/athena/athena-dialect.js';
import { AthenaGlue } from '../../../src/adapters/athena/athena-glue.js';
import { DatabaseError } from '../../../src/adapters/database-error.js';
import { loadSeed } from '../../../src/materializations/load-seed.js';
import { materializeModel } from '../../../src/materializations/materialize-model.js';
import type { NodeConfig } from '../../../src/manifest/types.js';
import { awsClientConfig } from '../../services/aws/aws-service.js';
import { athenaTarget, startAthenaStack, type AthenaTestStack } from '../../services/aws/athena-api/test-target.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { awsBehindTrino } from './athena-stack.js';

describeWithService('trino', 'Athena materializations on Trino (tables in S3, swapped in Glue)', (trino) => {
  const schema = `athena_mat_${randomUUID().slice(0, 8)}`;
  const dialect = new AthenaDialect();
  const saved = { ...process.env };
  const dir = mkdtempSync(join(tmpdir(), 'strata-athena-mat-'));
  let stack: AthenaTestStack;
  let connection: AthenaConnection;
  let glue: GlueClient;
  let s3: S3Client;

  const config = (overrides: Partial<NodeConfig>): NodeConfig =>
    ({ materialized: 'table', ...overrides }) as NodeConfig;
  const build = (identifier: string, selectSql: string, overrides: Partial<NodeConfig> = {}) =>
    materializeModel({
      connection,
      dialect,
      relation: { schema, identifier },
      compiledSql: selectSql,
      config: config(overrides),
      fullRefresh: false,
      projectRoot: dir,
    });
  const rows = async (sql: string) => (await connection.query(sql)).rows;
  const location = async (identifier: string) =>
    (await glue.send(new GetTableCommand({ DatabaseName: schema, Name: identifier }))).Table?.StorageDescriptor
      ?.Location ?? '';
  const objectsUnder = async (uri: string) => {
    const [, bucket, prefix] = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri)!;
    return (await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).KeyCount ?? 0;
  };

  beforeAll(async () => {
    const aws = awsBehindTrino();
    stack = await startAthenaStack(trino, aws, `athena-mat-${randomUUID().slice(0, 8)}`);
    Object.assign(process.env, stack.env);
    glue = new GlueClient(awsClientConfig(aws));
    s3 = new S3Client(awsClientConfig(aws));
    connection = await openAthenaConnection(athenaTarget(stack, schema), dialect);
    await connection.execute(dialect.createSchema(schema));
  });
  afterAll(async () => {
    await connection?.close();
    await stack?.host.close();
    glue?.destroy();
    s3?.destroy();
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'replaces a table at a new S3 prefix, then deletes the old data; ' + 'a failing build leaves the old table whole',
    async () => {
      await build('orders', 'SELECT 1 AS id, 10 AS amount');
      const first = await location('orders');
      expect(await objectsUnder(first)).toBeGreaterThan(0);

      const replaced = await build('orders', 'SELECT 2 AS id, 20 AS amount UNION ALL SELECT 3, 30');
      expect(replaced.message).toBe('SELECT 2');
      const second = await location('orders');
      expect(second).not.toBe(first);
      expect(await rows(`SELECT id, amount FROM "${schema}"."orders" ORDER BY id`)).toEqual([
        { id: 2, amount: 20 },
        { id: 3, amount: 30 },
      ]);
      expect(await objectsUnder(first)).toBe(0);

      const failed = await build('orders', 'SELECT 4 AS id, 1 / 0 AS amount').catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(DatabaseError);
      expect((failed as Error).message).toMatch(/DIVISION_BY_ZERO/);
      expect(await location('orders')).toBe(second);
      expect(await rows(`SELECT count(*) AS n FROM "${schema}"."orders"`)).toEqual([{ n: 2n }]);
      expect((await connection.listRelations(schema)).map((r) => r.identifier).sort()).toEqual(['orders']);
    },
  );

  it("builds under a model's own s3 location and deletes only its own old builds there", async () => {
    const own = `s3://${stack.bucket}/custom/located/`;
    await build('located', 'SELECT 1 AS id', { location: own });
    const first = await location('located');
    expect(first.startsWith(own)).toBe(true);
    await build('located', 'SELECT 2 AS id', { location: own });
    expect((await location('located')).startsWith(own)).toBe(true);
    expect(await objectsUnder(first)).toBe(0);
    expect(await rows(`SELECT id FROM "${schema}"."located"`)).toEqual([{ id: 2 }]);
  });

  it(
    'overwrites only the partitions the new rows touch ' + '(Glue partitions and S3 objects), keeping the others',
    async () => {
      const incremental = {
        materialized: 'incremental',
        incrementalStrategy: 'insert_overwrite',
        partitionBy: ['dt'],
      } as Partial<NodeConfig>;
      await build(
        'daily',
        `SELECT * FROM (VALUES (1, 'a', '2024-01-01'), (2, 'b', '2024-01-02')) AS t(id, name, dt)`,
        incremental,
      );
      const partitionsBefore =
        (await glue.send(new GetPartitionsCommand({ DatabaseName: schema, TableName: 'daily' }))).Partitions ?? [];
      const jan2 = partitionsBefore.find((p) => p.Values?.[0] === '2024-01-02')!.StorageDescriptor!.Location!;
      const written = await build(
        'daily',
        `SELECT * FROM (VALUES (3, 'c', '2024-01-02'), (4, 'd', '2024-01-03')) AS t(id, name, dt)`,
        incremental,
      );
      expect(written.message).toBe('INSERT 0 2');
      expect(await rows(`SELECT id, name, dt FROM "${schema}"."daily" ORDER BY id`)).toEqual([
        { id: 1, name: 'a', dt: '2024-01-01' },
        { id: 3, name: 'c', dt: '2024-01-02' },
        { id: 4, name: 'd', dt: '2024-01-03' },
      ]);
      const partitions =
        (await glue.send(new GetPartitionsCommand({ DatabaseName: schema, TableName: 'daily' }))).Partitions ?? [];
      expect(partitions.map((p) => p.Values?.[0]).sort()).toEqual(['2024-01-01', '2024-01-02', '2024-01-03']);
      // the overwritten partition now reads the new run's file from the build's folder; its old files are gone
      const jan2Now = partitions.find((p) => p.Values?.[0] === '2024-01-02')!.StorageDescriptor!.Location!;
      expect(jan2Now).not.toBe(jan2);
      expect(await objectsUnder(jan2Now)).toBe(1);
      expect(await objectsUnder(jan2)).toBe(0);
      expect((await connection.listRelations(schema)).map((r) => r.identifier)).not.toContain('daily__strata_incoming');
      // Glue answers a batch with per-partition failures instead of an error: they must stop the swap
      const again = new AthenaGlue(glue).createPartitions({ schema, identifier: 'daily' }, partitions.slice(0, 1));
      await expect(again).rejects.toThrow(
        /Glue could not create 1 partition\(s\) of .*daily, the first \(2024-01-0\d\): AlreadyExistsException/,
      );
    },
  );

  it('appends new rows and adds a new column (on_schema_change: append_new_columns) through Hive DDL', async () => {
    const incremental = {
      materialized: 'incremental',
      incrementalStrategy: 'append',
      onSchemaChange: 'append_new_columns',
    } as Partial<NodeConfig>;
    await build('events', 'SELECT 1 AS id', incremental);
    const written = await build('events', `SELECT 2 AS id, CAST('late' AS varchar) AS note`, incremental);
    expect(written.executedSql.join('\n')).toContain(
      'ALTER TABLE `' + schema + '`.`events` ADD COLUMNS (`note` string)',
    );
    expect(await rows(`SELECT id, note FROM "${schema}"."events" ORDER BY id`)).toEqual([
      { id: 1, note: null },
      { id: 2, note: 'late' },
    ]);
  });

  it('loads a seed through S3 and an external CSV table into typed Parquet', async () => {
    const csv = join(dir, 'customers.csv');
    writeFileSync(
      csv,
      'id,name,joined,score,active\n1,"O\'Brien \\ ""Co""",2024-02-29,1.5,true\n2,,2024-03-01,,false\n',
    );
    const loaded = await loadSeed({
      connection,
      dialect,
      relation: { schema, identifier: 'customers' },
      csvPath: csv,
      columnTypes: { score: 'DECIMAL(4,2)' },
    });
    expect(loaded.message).toBe('INSERT 2');
    expect(await rows(`SELECT * FROM "${schema}"."customers" ORDER BY id`)).toEqual([
      { id: 1n, name: `O'Brien \\ "Co"`, joined: new Date('2024-02-29T00:00:00Z'), score: 1.5, active: true },
      { id: 2n, name: null, joined: new Date('2024-03-01T00:00:00Z'), score: null, active: false },
    ]);
    expect(await connection.getColumns({ schema, identifier: 'customers' })).toEqual([
      { name: 'id', dataType: 'bigint' },
      { name: 'name', dataType: 'varchar' },
      { name: 'joined', dataType: 'date' },
      { name: 'score', dataType: 'decimal(4,2)' },
      { name: 'active', dataType: 'boolean' },
    ]);
    expect((await connection.listRelations(schema)).map((r) => r.identifier)).not.toContain(
      'customers__strata_tmp_csv',
    );
  });

  it(
    'keeps the new build when the old table lives in the folder that holds it ' + '(a table made by another tool)',
    async () => {
      await build('probe', 'SELECT 1 AS id');
      const tablesRoot = (await location('probe')).replace(/probe\/[^/]+\/$/, '');
      // what dbt-athena's schema_table layout, or a hand-made table, looks like: data right at <root>/<table>/
      await connection.execute(
        dialect.createTableAs({ schema, identifier: 'legacy' }, 'SELECT 1 AS id', {
          extra: { location: `${tablesRoot}legacy/` },
        }),
      );
      await build('legacy', 'SELECT 2 AS id UNION ALL SELECT 3');
      const rebuilt = await location('legacy');
      expect(rebuilt.startsWith(`${tablesRoot}legacy/`)).toBe(true);
      expect(await rows(`SELECT id FROM "${schema}"."legacy" ORDER BY id`)).toEqual([{ id: 2 }, { id: 3 }]);
      expect(await objectsUnder(rebuilt)).toBeGreaterThan(0);
    },
  );

  it('never deletes live data through a staging entry left by an interrupted swap', async () => {
    await build('survivor', 'SELECT 1 AS id');
    const live = (await glue.send(new GetTableCommand({ DatabaseName: schema, Name: 'survivor' }))).Table!;
    // an interrupted swap: the staging name still points at the data the table reads
    await glue.send(
      new CreateTableCommand({
        DatabaseName: schema,
        TableInput: {
          Name: 'survivor__strata_tmp',
          TableType: live.TableType,
          StorageDescriptor: live.StorageDescriptor,
          Parameters: live.Parameters,
        },
      }),
    );
    const failed = await build('survivor', 'SELECT 1 / 0 AS id').catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(DatabaseError);
    expect(await rows(`SELECT id FROM "${schema}"."survivor"`)).toEqual([{ id: 1 }]);
    expect(await objectsUnder(live.StorageDescriptor!.Location!)).toBeGreaterThan(0);
  });

  it('merges new rows by key and keeps the columns the new rows lack (on_schema_change: ignore)', async () => {
    const merge = {
      materialized: 'incremental',
      incrementalStrategy: 'merge',
      uniqueKey: ['id'],
    } as Partial<NodeConfig>;
    await build('loyalty', `SELECT * FROM (VALUES (1, 'gold', 10), (2, 'silver', 20)) AS t(id, tier, points)`, merge);
    await build('loyalty', `SELECT * FROM (VALUES (2, 25), (3, 30)) AS t(id, points)`, merge);
    expect(await rows(`SELECT id, tier, points FROM "${schema}"."loyalty" ORDER BY id`)).toEqual([
      { id: 1, tier: 'gold', points: 10 },
      { id: 2, tier: null, points: 25 },
      { id: 3, tier: null, points: 30 },
    ]);
  });

  it('replaces a table by a view (its data files go too) and a view by a table', async () => {
    await build('switch', 'SELECT 1 AS id');
    const tableData = await location('switch');
    await build('switch', 'SELECT 2 AS id', { materialized: 'view' });
    expect(await connection.listRelations(schema)).toContainEqual({ schema, identifier: 'switch', kind: 'view' });
    expect(await objectsUnder(tableData)).toBe(0);
    await build('switch', 'SELECT 3 AS id');
    expect(await connection.listRelations(schema)).toContainEqual({ schema, identifier: 'switch', kind: 'table' });
    expect(await rows(`SELECT id FROM "${schema}"."switch"`)).toEqual([{ id: 3 }]);
  });
});
