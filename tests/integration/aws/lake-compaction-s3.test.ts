import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { GetPartitionCommand } from '@aws-sdk/client-glue';
import { gunzipSync, gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { createGlueRegistrar } from '../../../ingest/catalog/glue-registrar.js';
import { COMPACTION_DEFAULTS } from '../../../ingest/compaction/compaction-options.js';
import { GluePartitionCatalog } from '../../../ingest/compaction/glue-partition-catalog.js';
import { compactLake } from '../../../ingest/compaction/lake-compactor.js';
import { S3LakeStore } from '../../../ingest/compaction/s3-lake-store.js';
import { JsonLinesCodec } from '../../../ingest/compaction/record-codec.js';
import { createS3Destination } from '../../../ingest/destinations/s3-destination.js';
import { createLogger } from '../../../ingest/ops/logger.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { glueLakeOnMoto } from '../../support/glue-lake.js';
import { bronzeLine } from '../../unit/ingest/compaction/small-file-lake.js';

const NOW = Date.parse('2026-01-05T13:00:00Z');
const TABLE = 'bronze_orders';

describeWithService('aws', 'strata lake compact on S3 with the Glue catalog', (service) => {
  const { config, s3, glue, bucket, database, url } = glueLakeOnMoto(service, 'compact');

  /** The ids in the files directly in a catalog location, as Athena reads them (names starting with `_` skipped). */
  async function idsAt(location: string): Promise<string[]> {
    const prefix = location.slice(`s3://${bucket}/`.length);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: '/' }));
    const ids: string[] = [];
    for (const { Key } of listed.Contents ?? []) {
      if (!Key || Key.slice(prefix.length).startsWith('_')) continue;
      const body = await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key }))).Body?.transformToByteArray();
      for (const line of gunzipSync(Buffer.from(body ?? []))
        .toString('utf8')
        .split('\n')) {
        if (line) ids.push((JSON.parse(JSON.parse(line).payload as string) as { event_id: string }).event_id);
      }
    }
    return ids.sort();
  }

  async function glueLocation(): Promise<string | undefined> {
    const answer = await glue.send(
      new GetPartitionCommand({ DatabaseName: database, TableName: TABLE, PartitionValues: ['2026-01-05', '10'] }),
    );
    return answer.Partition?.StorageDescriptor?.Location;
  }

  function compact(retentionMs: number) {
    const store = new S3LakeStore({ url, endpoint: config.endpoint, region: config.region });
    const catalog = new GluePartitionCatalog({ database, endpoint: config.endpoint, region: config.region });
    return compactLake([{ name: 'orders', table: TABLE }], {
      store,
      codec: new JsonLinesCodec(6),
      options: { ...COMPACTION_DEFAULTS, retentionMs },
      committed: async () =>
        new Map([
          [0, 1_000],
          [1, 1_000],
        ]),
      catalog,
      logger: createLogger('error'),
      now: () => NOW,
    }).finally(() => Promise.all([store.close(), catalog.close()]));
  }

  it('merges an hour into a generation, moves the Glue partition to it, then removes what it replaced', async () => {
    // Land small files as the ingester does, and register the partition as its registrar does.
    const destination = createS3Destination({ url, endpoint: config.endpoint, region: config.region });
    const hour = 'orders/dt=2026-01-05/hour=10';
    const expected: string[] = [];
    for (const partition of [0, 1]) {
      for (let first = 0; first < 100; first += 20) {
        const lines = Array.from({ length: 20 }, (_, i) => bronzeLine('orders', partition, first + i));
        expected.push(...lines.map((_, i) => `${partition}-${first + i}`));
        await destination.writeFile(`${hour}/orders+${partition}+${first}.jsonl.gz`, gzipSync(`${lines.join('\n')}\n`));
      }
    }
    await destination.close();
    const registrar = createGlueRegistrar({
      database,
      createTable: true,
      tables: [{ table: TABLE, location: `${url}/orders/`, format: 'jsonl' }],
      endpoint: config.endpoint,
      region: config.region,
    });
    const landing = `${url}/${hour}/`;
    await registrar.register([{ table: TABLE, dt: '2026-01-05', hour: '10', location: landing }]);
    await registrar.close();
    expected.sort();
    expect(await idsAt(landing)).toEqual(expected);

    // Retention not over: Glue moves to the generation, the replaced files stay.
    const first = await compact(3_600_000);
    expect(first).toMatchObject({ generations: 1, filesBefore: 10, filesAfter: 1, removed: 0 });
    const generation = `${url}/${hour}/_compacted/g000001/`;
    expect(await glueLocation()).toBe(generation);
    expect(await idsAt(generation)).toEqual(expected);
    expect(await idsAt(landing)).toEqual(expected);

    // Retention over: the replaced files go; the partition still reads every record once.
    const second = await compact(0);
    expect(second).toMatchObject({ generations: 0, removed: 10 });
    expect(await idsAt(landing)).toEqual([]);
    expect(await glueLocation()).toBe(generation);
    expect(await idsAt(generation)).toEqual(expected);
  });
});
