/**
 * A lake of its own on the services' moto for one suite: a fresh S3 bucket (created before
 * the suite) and a Glue database name (dropped after it, if anything created it), with the
 * clients that read them and the settings an ingester lands there with.
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
  /** The ingest config's settings landing in `url` (for `writeIngestConfig`). */
  ingestInto: { destination: string; s3: { endpoint: string; region: string } };
  /** The credentials as an ingester process takes them, from its environment. */
  credentialsEnv: { AWS_ACCESS_KEY_ID: string; AWS_SECRET_ACCESS_KEY: string };
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
  const url = `s3://${bucket}/bronze`;
  const credentialsEnv = {
    AWS_ACCESS_KEY_ID: config.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: config.credentials.secretAccessKey,
  };

  beforeAll(async () => {
    Object.assign(process.env, credentialsEnv);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(async () => {
    await glue.send(new DeleteDatabaseCommand({ Name: database })).catch(() => undefined);
    s3.destroy();
    glue.destroy();
  });
  const ingestInto = { destination: url, s3: { endpoint: config.endpoint, region: config.region } };
  return { config, glueConfig, s3, glue, bucket, database, url, ingestInto, credentialsEnv };
}
