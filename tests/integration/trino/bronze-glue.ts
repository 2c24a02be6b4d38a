import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DeleteTableCommand, GlueClient } from '@aws-sdk/client-glue';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createGlueRegistrar } from '../../../ingest/catalog/glue-registrar.js';
import { awsClientConfig } from '../../services/aws/aws-service.js';
import type { ServiceInfo } from '../../services/lifecycle/service.js';

/** PUTs to moto at once while a lake is published. */
const UPLOADS_IN_FLIGHT = 8;

/**
 * Puts a local Bronze lake where Athena reads it: every file of `lake/<topic>/dt=*\/hour=*`
 * uploaded under `s3://<bucket>/bronze/<topic>/`, and the tables and partitions registered
 * in Glue by the ingester's own registrar (database `database`, tables `bronze_<topic>`),
 * as `strata ingest` does when it lands in S3. Returns the files uploaded per topic.
 */
export async function publishBronzeToGlue(
  aws: ServiceInfo,
  lakeDir: string,
  bucket: string,
  database: string,
  topics: readonly string[],
): Promise<Record<string, number>> {
  const config = awsClientConfig(aws);
  const s3 = new S3Client(config);
  const glue = new GlueClient(config);
  const registrar = createGlueRegistrar({
    database,
    region: config.region,
    endpoint: config.endpoint,
    credentials: config.credentials,
    createTable: true,
    tables: topics.map((topic) => ({
      table: `bronze_${topic}`,
      location: `s3://${bucket}/bronze/${topic}/`,
      format: 'jsonl' as const,
    })),
  });
  const files: Record<string, number> = {};
  try {
    for (const topic of topics) {
      // moto keeps the catalog between test runs; a table of an earlier run would point at its bucket.
      await glue
        .send(new DeleteTableCommand({ DatabaseName: database, Name: `bronze_${topic}` }))
        .catch(() => undefined);
      const partitions = new Map<string, { dt: string; hour: string }>();
      const uploads: Array<{ file: string; key: string }> = [];
      for (const file of walk(join(lakeDir, topic))) {
        const key = `bronze/${topic}/${relative(join(lakeDir, topic), file)}`;
        const match = /dt=([^/]+)\/hour=([^/]+)\//.exec(key);
        if (!match) continue;
        uploads.push({ file, key });
        partitions.set(`${match[1]}/${match[2]}`, { dt: match[1]!, hour: match[2]! });
      }
      // One small file per topic and hour: a few PUTs in flight instead of one at a time.
      const next = uploads.values();
      const uploader = async (): Promise<void> => {
        for (const { file, key } of next)
          await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: readFileSync(file) }));
      };
      await Promise.all(Array.from({ length: UPLOADS_IN_FLIGHT }, uploader));
      files[topic] = uploads.length;
      await registrar.register(
        [...partitions.values()].map(({ dt, hour }) => ({
          table: `bronze_${topic}`,
          dt,
          hour,
          location: `s3://${bucket}/bronze/${topic}/dt=${dt}/hour=${hour}/`,
        })),
      );
    }
  } finally {
    await registrar.close();
    s3.destroy();
    glue.destroy();
  }
  return files;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}
