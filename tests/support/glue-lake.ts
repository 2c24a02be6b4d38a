/**
 * A lake of its own on the services' moto for one suite: a fresh S3 bucket (created before
 * the suite) and a Glue database name (dropped after it), with the clients that read them.
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { DeleteDatabaseCommand, GlueClient } from '@aws-sdk/client-glue';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { awsClientConfig } from '../services/aws/aws-service.js';
import type { ServiceInfo } from '../services/lifecycle/service.js';

/** The suite's lake: moto's client settings, its clients, bucket, database and Bronze root URL. */
export interface GlueLake {
  /** S3 client settings (path-style, as moto serves buckets). */
  config: ReturnType<typeof awsClientConfig>;
  /** The same settings without the S3-only path-style flag, for Glue clients. */
  glueConfig: Omit<ReturnType<typeof awsClientConfig>, 'forcePathStyle'>;
  s3: S3Client;
  glue: GlueClient;
  bucket: string;
  database: string;
  /** `s3://<bucket>/bronze`, the root the suite lands Bronze files under. */
  url: string;
}

/**
 * Registers the suite's set-up and tear-down and returns its lake; bucket and database are
 * named `strata-<name>-<run>` and `strata_<name>_<run>`. Clients the code under test builds
 * take their credentials from the environment, as in production, so the set-up exports them.
 */
export function glueLakeOnMoto(service: ServiceInfo, name: string): GlueLake {
  const config = awsClientConfig(service);
  const { forcePathStyle: _s3Only, ...glueConfig } = config;
  const s3 = new S3Client(config);
  const glue = new GlueClient(glueConfig);
  const run = randomUUID().slice(0, 8);
  const bucket = `strata-${name}-${run}`;
  const database = `strata_${name.replace(/-/g, '_')}_${run}`;

  beforeAll(async () => {
    process.env.AWS_ACCESS_KEY_ID = config.credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = config.credentials.secretAccessKey;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(async () => {
    await glue.send(new DeleteDatabaseCommand({ Name: database })).catch(() => undefined);
    s3.destroy();
    glue.destroy();
  });
  return { config, glueConfig, s3, glue, bucket, database, url: `s3://${bucket}/bronze` };
}
