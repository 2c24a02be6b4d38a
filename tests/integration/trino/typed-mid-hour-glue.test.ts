/**
 * A typed Parquet hour whose topic schema gains fields between two flushes of one
 * ingester (a new top-level field, a new field in a nested record), read by Trino through
 * its Glue metastore in the same hour, before any compaction: the second flush widened
 * the table and gave the hour's partition the new columns, so Trino reads the new fields
 * of the second file and nulls for the first. Shown on the services' moto (Glue and S3).
 */
import { GlueClient } from '@aws-sdk/client-glue';
import { expect, it } from 'vitest';
import { GlueRegistrar } from '../../../ingest/catalog/glue-registrar.js';
import { createS3Destination } from '../../../ingest/destinations/s3-destination.js';
import { createParquetWriter } from '../../../ingest/pipeline/parquet-writer.js';
import { PartitionRegistrations } from '../../../ingest/pipeline/partition-registrations.js';
import { typedGlueColumns } from '../../../ingest/pipeline/typed-schemas.js';
import { runOnTrino } from '../../services/aws/athena-api/trino-client.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { EVOLVING_ORDER_SCHEMAS, evolvingOrderLine } from '../../support/evolving-orders.js';
import { glueLakeOnMoto } from '../../support/glue-lake.js';
import { awsBehindTrino } from './athena-stack.js';

const TABLE = 'bronze_orders';
const DT = '2026-01-05';
const HOUR = '11';

describeWithService('trino', 'a typed Parquet hour whose schema gained a field, read in the same hour', (trino) => {
  const { config, glueConfig, database, url } = glueLakeOnMoto(awsBehindTrino(), 'typed-mid-hour');

  it('reads the new fields of the flush that brought them, and nulls for the one before', async () => {
    const writer = await createParquetWriter();
    const destination = createS3Destination({ url, endpoint: config.endpoint, region: config.region });
    const registrar = new GlueRegistrar({
      database,
      client: new GlueClient(glueConfig),
      createDatabase: true,
      createTable: { format: 'parquet', location: () => `${url}/orders` },
    });
    let schema = EVOLVING_ORDER_SCHEMAS[0]!;
    // The flush path of one ingester: land the file, then register its partition.
    const partitions = new PartitionRegistrations(
      registrar,
      () => TABLE,
      url,
      () => typedGlueColumns(schema),
    );
    try {
      for (const [flush, first] of [0, 10].entries()) {
        schema = EVOLVING_ORDER_SCHEMAS[flush]!;
        const lines = Array.from({ length: 10 }, (_, i) => evolvingOrderLine(first + i, flush === 1, DT, HOUR));
        const body = await writer.encode(Buffer.from(`${lines.join('\n')}\n`), schema);
        const path = `orders/dt=${DT}/hour=${HOUR}/orders+0+${first}.parquet`;
        await destination.writeFile(path, body);
        await partitions.register('orders', [{ path: `${url}/${path}`, rejected: false }]);
      }
    } finally {
      await Promise.allSettled([writer.close(), destination.close(), registrar.close()]);
    }

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
});
