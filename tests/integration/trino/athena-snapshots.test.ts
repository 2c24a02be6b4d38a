import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { startAthenaStack, type AthenaTestStack } from '../../services/aws/athena-api/test-target.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { itRecordsSnapshotsOn } from '../snapshots-on-warehouse.js';
import { awsBehindTrino } from './athena-stack.js';

/**
 * The snapshots fixture on `type: athena` (the Athena API test host on Trino): Hive tables
 * cannot be updated, so each run rebuilds a snapshot's table with its changes and swaps it in.
 */
describeWithService('trino', 'snapshots on Athena (rebuilt and swapped in)', (trino) => {
  let stack: AthenaTestStack;
  const saved = { ...process.env };

  beforeAll(async () => {
    stack = await startAthenaStack(trino, awsBehindTrino(), `snapshots-${randomUUID().slice(0, 8)}`);
    // the checks read through the adapter in this process: the SDK's default chain finds these
    Object.assign(process.env, stack.env);
  });
  afterAll(async () => {
    await stack?.host.close();
    process.env = saved;
  });

  itRecordsSnapshotsOn('athena', () => ({
    ...stack.env,
    STRATA_ATHENA_REGION: String(stack.settings['region']),
    STRATA_ATHENA_S3_STAGING_DIR: String(stack.settings['s3_staging_dir']),
    STRATA_ATHENA_S3_DATA_DIR: String(stack.settings['s3_data_dir']),
    STRATA_ATHENA_ENDPOINT: String(stack.settings['athena_endpoint']),
    STRATA_ATHENA_GLUE_ENDPOINT: String(stack.settings['glue_endpoint']),
    STRATA_ATHENA_S3_ENDPOINT: String(stack.settings['s3_endpoint']),
    STRATA_SNAPSHOTS_SCHEMA: `snapshots_${randomUUID().slice(0, 8)}`,
  }));
});
