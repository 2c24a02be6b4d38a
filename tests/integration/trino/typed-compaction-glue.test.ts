/**
 * Compacting a typed Parquet hour whose topic schema gained fields between two flushes (a
 * new top-level field, a new field in a nested record): the registrar gave the Glue
 * partition the first flush's columns and then widened only the table, so when `strata
 * lake compact` points the partition at the generation (which holds both versions'
 * columns) the partition takes the table's columns in the same update. Shown on the
 * services' moto (Glue and S3) and, through Trino's Glue metastore, by a query of the new
 * fields over the compacted partition (with the first flush's partition columns, Trino
 * reads the nested record with its old type and the new nested field as null).
 */
import { GetPartitionCommand, GetTableCommand, GlueClient, UpdatePartitionCommand } from '@aws-sdk/client-glue';
import { expect, it } from 'vitest';
import { GlueRegistrar } from '../../../ingest/catalog/glue-registrar.js';
import { COMPACTION_DEFAULTS } from '../../../ingest/compaction/compaction-options.js';
import { GluePartitionCatalog } from '../../../ingest/compaction/glue-partition-catalog.js';
import { compactLake, type CompactionSummary } from '../../../ingest/compaction/lake-compactor.js';
import { ParquetCodec } from '../../../ingest/compaction/parquet-codec.js';
import { S3LakeStore } from '../../../ingest/compaction/s3-lake-store.js';
import { createS3Destination } from '../../../ingest/destinations/s3-destination.js';
import { createLogger } from '../../../ingest/ops/logger.js';
import { createParquetWriter } from '../../../ingest/pipeline/parquet-writer.js';
import { typedGlueColumns } from '../../../ingest/pipeline/typed-schemas.js';
import { runOnTrino } from '../../services/aws/athena-api/trino-client.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { EVOLVING_ORDER_SCHEMAS, evolvingOrderLine } from '../../support/evolving-orders.js';
import { glueLakeOnMoto } from '../../support/glue-lake.js';
import { awsBehindTrino } from './athena-stack.js';

const TABLE = 'bronze_orders';
const DT = '2026-01-05';
const HOUR = '10';
const columnsOf = (columns: Array<{ Name?: string; Type?: string }> | undefined) =>
  (columns ?? []).map((column) => `${column.Name}:${column.Type}`);

describeWithService('trino', 'compacting a typed Parquet hour whose schema gained a field', (trino) => {
  const { config, glueConfig, glue, database, url } = glueLakeOnMoto(awsBehindTrino(), 'typed-compact');
  const folder = `orders/dt=${DT}/hour=${HOUR}`;

  /**
   * Two flushes of one hour, v1 then v2, each landed and registered as the ingester does;
   * the second by an ingester restarted with the v2 schema (a new registrar): it widens the
   * table and finds the hour's partition already there.
   */
  async function landTwoFlushes(): Promise<void> {
    const writer = await createParquetWriter();
    const destination = createS3Destination({ url, endpoint: config.endpoint, region: config.region });
    try {
      for (const [flush, first] of [0, 10].entries()) {
        const lines = Array.from({ length: 10 }, (_, i) => evolvingOrderLine(first + i, flush === 1, DT, HOUR));
        const body = await writer.encode(Buffer.from(`${lines.join('\n')}\n`), EVOLVING_ORDER_SCHEMAS[flush]);
        await destination.writeFile(`${folder}/orders+0+${first}.parquet`, body);
        const registrar = new GlueRegistrar({
          database,
          client: new GlueClient(glueConfig),
          createDatabase: true,
          createTable: { format: 'parquet', location: () => `${url}/orders` },
        });
        const location = `${url}/${folder}/`;
        const typedColumns = typedGlueColumns(EVOLVING_ORDER_SCHEMAS[flush]);
        await registrar
          .register([{ table: TABLE, dt: DT, hour: HOUR, location, ...(typedColumns ? { typedColumns } : {}) }])
          .finally(() => registrar.close());
      }
    } finally {
      await Promise.allSettled([writer.close(), destination.close()]);
    }
  }

  async function compact(expected: Partial<CompactionSummary>): Promise<void> {
    const store = new S3LakeStore({ url, endpoint: config.endpoint, region: config.region });
    const catalog = new GluePartitionCatalog({ database, endpoint: config.endpoint, region: config.region });
    const codec = await ParquetCodec.open();
    try {
      const summary = await compactLake([{ name: 'orders', table: TABLE }], {
        store,
        codec,
        options: { ...COMPACTION_DEFAULTS, retentionMs: 0 },
        committed: async () => 'all',
        catalog,
        logger: createLogger('error'),
        now: () => Date.parse('2026-01-05T13:00:00Z'),
      });
      expect(summary).toMatchObject(expected);
    } finally {
      await Promise.all([store.close(), catalog.close(), codec.close()]);
    }
  }

  async function glueColumns(): Promise<{ table: string[]; partition: string[]; location?: string }> {
    const names = { DatabaseName: database, TableName: TABLE };
    const table = await glue.send(new GetTableCommand({ DatabaseName: database, Name: TABLE }));
    const partition = await glue.send(new GetPartitionCommand({ ...names, PartitionValues: [DT, HOUR] }));
    return {
      table: columnsOf(table.Table?.StorageDescriptor?.Columns),
      partition: columnsOf(partition.Partition?.StorageDescriptor?.Columns),
      location: partition.Partition?.StorageDescriptor?.Location,
    };
  }

  it('gives the repointed Glue partition the table columns, the new field included', async () => {
    await landTwoFlushes();
    const before = await glueColumns();
    // The gap compaction closes: the table has the new field, the partition its first flush's columns.
    expect(before.table).toContain('coupon:string');
    expect(before.partition).not.toContain('coupon:string');
    expect(before.partition).toContain('amount:bigint');

    await compact({ generations: 1, filesBefore: 2, filesAfter: 1 });
    const after = await glueColumns();
    expect(after.location).toBe(`${url}/${folder}/_compacted/g000001/`);
    expect(after.partition).toEqual(after.table);
    expect(after.partition).toEqual(
      expect.arrayContaining([
        'event_id:string',
        'amount:bigint',
        'shipping:struct<country:string,city:string>',
        'coupon:string',
      ]),
    );
  });

  it('lets Trino read the new column over the compacted partition', async () => {
    const { endpoint, catalog } = trino.details as { endpoint: string; catalog: string };
    const result = await runOnTrino(
      { endpoint, catalog, schema: database },
      `SELECT event_id, amount, shipping.country, shipping.city, coupon FROM ${TABLE} ` +
        `WHERE dt = '${DT}' AND hour = '${HOUR}' ORDER BY event_id`,
    ).result;
    const expected = Array.from({ length: 20 }, (_, offset) => [
      `e-${String(offset).padStart(2, '0')}`,
      offset,
      'FR',
      offset >= 10 ? `city-${offset}` : null,
      offset >= 10 ? `C${offset}` : null,
    ]);
    expect(result.rows).toEqual(expected);
  });

  it('gives a partition compacted before its table was widened the table columns on the next run', async () => {
    // As an earlier run left it: at the generation, with the first flush's columns.
    const names = { DatabaseName: database, TableName: TABLE };
    const { Partition } = await glue.send(new GetPartitionCommand({ ...names, PartitionValues: [DT, HOUR] }));
    const stale = Partition?.StorageDescriptor?.Columns?.filter((column) => column.Name !== 'coupon');
    await glue.send(
      new UpdatePartitionCommand({
        ...names,
        PartitionValueList: [DT, HOUR],
        PartitionInput: { Values: [DT, HOUR], StorageDescriptor: { ...Partition?.StorageDescriptor, Columns: stale } },
      }),
    );
    expect((await glueColumns()).partition).not.toContain('coupon:string');

    await compact({ generations: 0 });
    const after = await glueColumns();
    expect(after.location).toBe(`${url}/${folder}/_compacted/g000001/`);
    expect(after.partition).toEqual(after.table);
  });
});
