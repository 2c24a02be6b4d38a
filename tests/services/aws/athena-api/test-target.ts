import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { TargetConfig } from '../../../../src/adapters/contract.js';
import { awsClientConfig } from '../aws-service.js';
import type { ServiceInfo } from '../../lifecycle/service.js';
import { startAthenaHost, type AthenaHost, type AthenaHostOptions } from './athena-host.js';

/** An Athena test stack: the API host in front of Trino, and a bucket for results and data. */
export interface AthenaTestStack {
  host: AthenaHost;
  bucket: string;
  /** settings of a `type: athena` target on this stack */
  settings: Record<string, unknown>;
  /** environment a CLI run needs: moto's dummy credentials and region */
  env: Record<string, string>;
}

/**
 * Start an Athena API host on the `trino` service and make a fresh bucket on the `aws`
 * service (moto keeps state in memory, so names are per test run).
 */
export async function startAthenaStack(
  trino: ServiceInfo,
  aws: ServiceInfo,
  bucket: string,
  hostOptions: Partial<AthenaHostOptions> = {},
): Promise<AthenaTestStack> {
  const s3 = new S3Client(awsClientConfig(aws));
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } finally {
    s3.destroy();
  }
  const host = await startAthenaHost({
    trinoEndpoint: String(trino.details['endpoint']),
    trinoCatalog: String(trino.details['catalog']),
    ...hostOptions,
  });
  const endpoint = String(aws.details['endpoint']);
  return {
    host,
    bucket,
    settings: {
      region: String(aws.details['region']),
      s3_staging_dir: `s3://${bucket}/results/`,
      s3_data_dir: `s3://${bucket}/tables/`,
      athena_endpoint: host.endpoint,
      glue_endpoint: endpoint,
      s3_endpoint: endpoint,
      poll_interval_ms: 20,
      poll_max_interval_ms: 200,
    },
    env: {
      AWS_ACCESS_KEY_ID: String(aws.details['accessKeyId']),
      AWS_SECRET_ACCESS_KEY: String(aws.details['secretAccessKey']),
      AWS_REGION: String(aws.details['region']),
    },
  };
}

/** A whole Athena target on the stack. */
export function athenaTarget(
  stack: AthenaTestStack,
  schema: string,
  overrides: Record<string, unknown> = {},
): TargetConfig {
  return { name: 'athena', type: 'athena', schema, threads: 1, settings: { ...stack.settings, ...overrides } };
}
