import {
  CreateDatabaseCommand,
  CreateTableCommand,
  DeleteDatabaseCommand,
  GetPartitionsCommand,
  GetTableCommand,
  GlueClient,
  type BatchCreatePartitionCommandInput,
  type BatchCreatePartitionCommandOutput,
  type Partition,
} from '@aws-sdk/client-glue';
import { randomUUID } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import {
  createGlueRegistrar,
  GlueRegistrar,
  type GlueRegistrarOptions,
} from '../../../ingest/catalog/glue-registrar.js';
import { BRONZE_COLUMNS, JSON_SERDE, PARQUET_SERDE, bronzeStorage } from '../../../ingest/catalog/glue-tables.js';
import type { LakePartition } from '../../../ingest/destination.js';
import { awsClientConfig } from '../../services/aws/aws-service.js';
import { describeWithService } from '../../services/lifecycle/integration.js';

const ROOT = 's3://strata-lake/bronze';
const noWait = async () => undefined;

describeWithService('aws', 'Glue partition registrar', (service) => {
  const { forcePathStyle: _s3Only, ...config } = awsClientConfig(service);
  const glue = new GlueClient(config);
  const run = randomUUID().slice(0, 8);
  const databases: string[] = [];
  const registrars: GlueRegistrar[] = [];

  afterAll(async () => {
    await Promise.all(registrars.map((registrar) => registrar.close()));
    for (const Name of databases) await glue.send(new DeleteDatabaseCommand({ Name })).catch(() => undefined);
    glue.destroy();
  });

  /** A registrar on a fresh database, with a client that records each BatchCreatePartition it sends. */
  function setup(options: Partial<GlueRegistrarOptions> = {}, database = `strata_${run}_${databases.length}`) {
    if (!databases.includes(database)) databases.push(database);
    const client = new GlueClient({ ...config, maxAttempts: 1 });
    const batches: string[][] = [];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'BatchCreatePartitionCommand') {
          const input = args.input as BatchCreatePartitionCommandInput;
          batches.push((input.PartitionInputList ?? []).map((p) => (p.Values ?? []).join('/')));
        }
        return next(args);
      },
      { step: 'initialize', name: 'recordBatches' },
    );
    const registrar = new GlueRegistrar({
      database,
      client,
      createDatabase: true,
      createTable: { format: 'jsonl', location: (table) => `${ROOT}/${table}` },
      sleep: noWait,
      ...options,
    });
    registrars.push(registrar);
    return { registrar, client, batches, database };
  }

  const partitionsOf = async (DatabaseName: string, TableName: string): Promise<Partition[]> => {
    const all: Partition[] = [];
    let NextToken: string | undefined;
    do {
      const page = await glue.send(new GetPartitionsCommand({ DatabaseName, TableName, NextToken }));
      all.push(...(page.Partitions ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    return all;
  };
  const hours = (table: string, dt: string, count: number, from = 0): LakePartition[] =>
    Array.from({ length: count }, (_, i) => {
      const hour = String(from + i).padStart(2, '0');
      return { table, dt, hour, location: `${ROOT}/${table}/dt=${dt}/hour=${hour}/` };
    });

  it('creates the database and a gzip JSON-lines table partitioned by dt and hour', async () => {
    const { registrar, database } = setup();
    await registrar.ensureTable('orders');
    const { Table } = await glue.send(new GetTableCommand({ DatabaseName: database, Name: 'orders' }));
    expect(Table?.TableType).toBe('EXTERNAL_TABLE');
    expect(Table?.PartitionKeys?.map((key) => `${key.Name}:${key.Type}`)).toEqual(['dt:string', 'hour:string']);
    expect(Table?.Parameters).toMatchObject({ classification: 'json', compressionType: 'gzip', EXTERNAL: 'TRUE' });
    const storage = Table?.StorageDescriptor;
    expect(storage?.Location).toBe(`${ROOT}/orders/`);
    expect(storage?.Columns?.map((c) => `${c.Name}:${c.Type}`)).toEqual([
      'topic:string',
      'partition:int',
      'offset:bigint',
      'kafka_timestamp:string',
      'ingested_at:string',
      'event_time_source:string',
      'payload:string',
      'headers:array<struct<key:string,value:string,value_base64:string>>',
    ]);
    expect(storage?.SerdeInfo?.SerializationLibrary).toBe(JSON_SERDE);
    expect(storage?.InputFormat).toBe('org.apache.hadoop.mapred.TextInputFormat');
    expect(storage?.OutputFormat).toBe('org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat');
    expect(storage?.Compressed).toBe(true);
  });

  it('registers partitions once: a repeat is not sent, and another process finding them there is fine', async () => {
    const { registrar, batches, database } = setup();
    const partitions = [...hours('orders', '2026-01-05', 3, 9), ...hours('payments', '2026-01-05', 2, 9)];
    await registrar.register(partitions);
    expect(batches).toHaveLength(2);
    await registrar.register(partitions);
    await registrar.register([partitions[0]!, partitions[0]!]);
    expect(batches).toHaveLength(2);
    expect(registrar.stats).toMatchObject({ created: 5, alreadyExisted: 0, batches: 2 });

    // A restarted ingester knows nothing and sends them again: AlreadyExists counts as done.
    const restarted = setup({}, database);
    await restarted.registrar.register([...partitions, ...hours('orders', '2026-01-05', 1, 12)]);
    expect(restarted.registrar.stats).toMatchObject({ created: 1, alreadyExisted: 5 });

    const orders = await partitionsOf(database, 'orders');
    expect(orders.map((p) => p.Values?.join('/')).sort()).toEqual([
      '2026-01-05/09',
      '2026-01-05/10',
      '2026-01-05/11',
      '2026-01-05/12',
    ]);
    for (const partition of orders) {
      const [dt, hour] = partition.Values!;
      expect(partition.StorageDescriptor?.Location).toBe(`${ROOT}/orders/dt=${dt}/hour=${hour}/`);
      expect(partition.StorageDescriptor?.SerdeInfo?.SerializationLibrary).toBe(JSON_SERDE);
      expect(partition.StorageDescriptor?.Columns?.map((c) => c.Name)).toEqual(BRONZE_COLUMNS.map((c) => c.Name));
    }
    expect((await partitionsOf(database, 'payments')).map((p) => p.Values?.join('/')).sort()).toEqual([
      '2026-01-05/09',
      '2026-01-05/10',
    ]);
  });

  it('sends at most 100 partitions per BatchCreatePartition', async () => {
    const { registrar, batches, database } = setup();
    const days = [
      '2026-01-05',
      '2026-01-06',
      '2026-01-07',
      '2026-01-08',
      '2026-01-09',
      '2026-01-10',
      '2026-01-11',
      '2026-01-12',
      '2026-01-13',
      '2026-01-14',
      '2026-01-15',
    ];
    const partitions = days.flatMap((dt) => hours('clickstream', dt, 24)).slice(0, 250);
    await registrar.register(partitions);
    expect(batches.map((batch) => batch.length)).toEqual([100, 100, 50]);
    const stored = await partitionsOf(database, 'clickstream');
    expect(stored).toHaveLength(250);
    expect(new Set(stored.map((p) => p.Values?.join('/'))).size).toBe(250);
  });

  it('shares one request between concurrent calls for the same partitions', async () => {
    const { registrar, batches } = setup();
    const partitions = hours('users', '2026-01-05', 4);
    await Promise.all([
      registrar.register(partitions),
      registrar.register(partitions),
      registrar.register(partitions.slice(1, 3)),
    ]);
    expect(batches).toEqual([['2026-01-05/00', '2026-01-05/01', '2026-01-05/02', '2026-01-05/03']]);
  });

  it('creates Parquet tables whose partitions carry the Parquet SerDe', async () => {
    const { registrar, database } = setup({
      createTable: { format: 'parquet', location: { orders: `${ROOT}/parquet/orders/` } },
    });
    await registrar.register(hours('orders', '2026-01-05', 2));
    const { Table } = await glue.send(new GetTableCommand({ DatabaseName: database, Name: 'orders' }));
    expect(Table?.StorageDescriptor?.SerdeInfo?.SerializationLibrary).toBe(PARQUET_SERDE);
    expect(Table?.StorageDescriptor?.InputFormat).toBe('org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat');
    expect(Table?.StorageDescriptor?.OutputFormat).toBe(
      'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    );
    expect(Table?.Parameters?.classification).toBe('parquet');
    for (const partition of await partitionsOf(database, 'orders')) {
      expect(partition.StorageDescriptor?.SerdeInfo?.SerializationLibrary).toBe(PARQUET_SERDE);
      expect(partition.StorageDescriptor?.InputFormat).toBe(
        'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
      );
    }
    await expect(registrar.register(hours('payments', '2026-01-05', 1))).rejects.toThrow(
      `no location for the Glue table ${database}.payments`,
    );
  });

  it('uses an existing table as defined, and names a missing one when it may not create it', async () => {
    const database = `strata_${run}_existing`;
    databases.push(database);
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: database } }));
    const storage = { ...bronzeStorage('jsonl', `${ROOT}/legacy/`), Parameters: { owner: 'data-platform' } };
    await glue.send(
      new CreateTableCommand({
        DatabaseName: database,
        TableInput: {
          Name: 'legacy',
          TableType: 'EXTERNAL_TABLE',
          StorageDescriptor: storage,
          PartitionKeys: [
            { Name: 'dt', Type: 'string' },
            { Name: 'hour', Type: 'string' },
          ],
        },
      }),
    );
    const { registrar } = setup({ createDatabase: false, createTable: undefined }, database);
    await registrar.register(hours('legacy', '2026-01-05', 1));
    const [partition] = await partitionsOf(database, 'legacy');
    expect(partition?.StorageDescriptor?.Parameters).toEqual({ owner: 'data-platform' });
    expect(partition?.StorageDescriptor?.Location).toBe(`${ROOT}/legacy/dt=2026-01-05/hour=00/`);
    await expect(registrar.register(hours('nowhere', '2026-01-05', 1))).rejects.toThrow(
      `the Glue table ${database}.nowhere does not exist: create it, or turn on table creation`,
    );
  });

  it('is made from a list of tables, as an ingest config describes them', async () => {
    const database = `strata_${run}_spec`;
    databases.push(database);
    const registrar = createGlueRegistrar({
      database,
      region: config.region,
      endpoint: config.endpoint,
      credentials: config.credentials,
      createTable: true,
      tables: [
        { table: 'bronze_orders', location: `${ROOT}/orders/`, format: 'parquet' },
        { table: 'bronze_payments', location: `${ROOT}/payments/`, format: 'parquet' },
      ],
    });
    registrars.push(registrar);
    await registrar.register([
      { table: 'bronze_payments', dt: '2026-01-05', hour: '07', location: `${ROOT}/payments/dt=2026-01-05/hour=07/` },
    ]);
    const { Table } = await glue.send(new GetTableCommand({ DatabaseName: database, Name: 'bronze_payments' }));
    expect(Table?.StorageDescriptor?.Location).toBe(`${ROOT}/payments/`);
    expect(Table?.StorageDescriptor?.SerdeInfo?.SerializationLibrary).toBe(PARQUET_SERDE);
    expect((await partitionsOf(database, 'bronze_payments')).map((p) => p.StorageDescriptor?.Location)).toEqual([
      `${ROOT}/payments/dt=2026-01-05/hour=07/`,
    ]);
    const mixed = [
      { table: 'a', location: 's3://x/a/', format: 'jsonl' as const },
      { table: 'b', location: 's3://x/b/', format: 'parquet' as const },
    ];
    expect(() => createGlueRegistrar({ database, region: 'us-east-1', createTable: true, tables: mixed })).toThrow(
      'share a format',
    );
  });

  it('sends throttled entries again, and retries a throttled call', async () => {
    const { registrar, client, database } = setup();
    await registrar.ensureTable('payments');
    let calls = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'BatchCreatePartitionCommand') return next(args);
        calls += 1;
        if (calls === 1) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
        if (calls > 2) return next(args);
        // The second call: Glue takes the first two partitions and throttles the rest (the
        // input is cut before it is serialized, so the server never sees the others).
        const input = args.input as BatchCreatePartitionCommandInput;
        const list = input.PartitionInputList ?? [];
        const result = await next({ ...args, input: { ...input, PartitionInputList: list.slice(0, 2) } });
        const output = result.output as BatchCreatePartitionCommandOutput;
        output.Errors = list.slice(2).map((p) => ({
          PartitionValues: p.Values,
          ErrorDetail: { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' },
        }));
        return result;
      },
      { step: 'initialize', name: 'throttle' },
    );
    await registrar.register(hours('payments', '2026-01-07', 5));
    expect(calls).toBe(3);
    expect(registrar.stats).toMatchObject({ created: 5, retried: 8 });
    expect((await partitionsOf(database, 'payments')).map((p) => p.Values?.[1]).sort()).toEqual([
      '00',
      '01',
      '02',
      '03',
      '04',
    ]);
  });

  it('fails on entries Glue refuses for good, and tries them again on the next call', async () => {
    const { registrar, client } = setup();
    await registrar.ensureTable('orders');
    let refuse = true;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'BatchCreatePartitionCommand' && refuse) {
          const input = args.input as BatchCreatePartitionCommandInput;
          (result.output as BatchCreatePartitionCommandOutput).Errors = [
            {
              PartitionValues: input.PartitionInputList?.[0]?.Values,
              ErrorDetail: { ErrorCode: 'InvalidInputException', ErrorMessage: 'bad location' },
            },
          ];
        }
        return result;
      },
      { step: 'build', name: 'refuse' },
    );
    const partitions = hours('orders', '2026-01-08', 2);
    await expect(registrar.register(partitions)).rejects.toThrow('Glue refused 1 partition(s) of');
    refuse = false;
    await registrar.register(partitions);
    expect(registrar.stats).toMatchObject({ batches: 2 });
  });
});
