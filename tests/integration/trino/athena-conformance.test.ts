import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { describeConformance } from '../../conformance/describe-conformance.js';
import { startAthenaStack, type AthenaTestStack } from '../../services/aws/athena-api/test-target.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { awsBehindTrino } from './athena-stack.js';

/**
 * The conformance project on `type: athena`: the AWS SDK talks to the Athena API test host,
 * which runs each query on Trino (Athena's engine) with its Hive connector on moto's Glue
 * and S3; the adapter's Glue and S3 calls go to moto too.
 */
describeWithService('trino', 'Athena through the Athena API test host on Trino', (trino) => {
  let stack: AthenaTestStack;
  const saved = { ...process.env };

  beforeAll(async () => {
    stack = await startAthenaStack(trino, awsBehindTrino(), `conformance-${randomUUID().slice(0, 8)}`);
    // the suite's own reads go through the adapter in this process: the SDK's default chain finds these
    Object.assign(process.env, stack.env);
  });
  afterAll(async () => {
    await stack?.host.close();
    process.env = saved;
  });

  describeConformance('athena', {
    env: () => ({
      ...stack.env,
      STRATA_ATHENA_REGION: String(stack.settings['region']),
      STRATA_ATHENA_S3_STAGING_DIR: String(stack.settings['s3_staging_dir']),
      STRATA_ATHENA_S3_DATA_DIR: String(stack.settings['s3_data_dir']),
      STRATA_ATHENA_ENDPOINT: String(stack.settings['athena_endpoint']),
      STRATA_ATHENA_GLUE_ENDPOINT: String(stack.settings['glue_endpoint']),
      STRATA_ATHENA_S3_ENDPOINT: String(stack.settings['s3_endpoint']),
      STRATA_CONFORMANCE_SCHEMA: `conformance_${randomUUID().slice(0, 8)}`,
    }),
  });
});
