import { randomUUID } from 'node:crypto';
import { chmod, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { GetObjectCommand } from '@aws-sdk/client-s3';

/** A COPY made runnable on PostgreSQL, and how to clean up after it. */
export interface StagedCopy {
  sql: string;
  cleanUp(): Promise<void>;
}

const S3_COPY = /^\s*COPY\s+(.+?)\s+FROM\s+'s3:\/\/([^/']+)\/([^']+)'\s+([\s\S]*)$/i;

/**
 * Redshift's `COPY <table> FROM 's3://...' IAM_ROLE ... FORMAT AS CSV ...` on the
 * PostgreSQL stand-in: the object is read from the S3 endpoint of the test services (as
 * the cluster would read it with its role) into a local file, and the statement becomes
 * PostgreSQL's server-side `COPY ... FROM '<file>'` with the same CSV options (delimiter,
 * header lines skipped; unquoted empty fields are nulls in both). Other statements:
 * undefined.
 */
export async function stageS3Copy(sql: string, s3: S3Client | undefined): Promise<StagedCopy | undefined> {
  const match = S3_COPY.exec(sql);
  if (!match) return undefined;
  if (!s3) throw new Error('COPY from S3 needs the host to be started with an s3 endpoint');
  const [, table, bucket, key, options] = match as unknown as [string, string, string, string, string];
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const file = join(tmpdir(), `strata-copy-${randomUUID()}.csv`);
  await writeFile(file, await object.Body!.transformToByteArray());
  await chmod(file, 0o644); // the server reads it as its own user
  const delimiter = /DELIMITER\s+'([^']+)'/i.exec(options)?.[1] ?? ',';
  const header = Number(/IGNOREHEADER\s+(\d+)/i.exec(options)?.[1] ?? 0) > 0;
  return {
    sql: `COPY ${table} FROM '${file}' WITH (FORMAT csv, HEADER ${header}, DELIMITER '${delimiter}')`,
    cleanUp: () => rm(file, { force: true }),
  };
}
