import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { RelationName } from '../../manifest/types.js';
import type {
  CheckedCsvFile,
  ColumnDescription,
  Connection,
  CsvCopier,
  ExecuteResult,
  ExistingRelation,
  QueryResult,
} from '../contract.js';
import { canReadSchemaColumns, type SchemaColumnsReader } from '../sql-connection.js';
import type { RedshiftDialect } from './redshift-dialect.js';
import type { S3CopyOptions } from './s3-copy-settings.js';

/**
 * A Redshift connection that also bulk-loads CSV files: stage the file in S3, COPY it
 * into the table through the cluster's IAM role, delete the staged object. Everything
 * else goes to the wrapped connection (either method).
 */
export class S3CopyConnection implements Connection, CsvCopier, SchemaColumnsReader {
  constructor(
    private readonly inner: Connection,
    private readonly dialect: RedshiftDialect,
    private readonly s3: S3Client,
    private readonly options: S3CopyOptions,
  ) {}

  async copyCsv(relation: RelationName, columns: string[], file: CheckedCsvFile): Promise<string> {
    const key = `${this.options.prefix}${relation.schema}/${relation.identifier}-${randomUUID()}.csv`;
    const { bucket, iamRole, region } = this.options;
    await this.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: await readFile(file.path), ContentType: 'text/csv' }),
    );
    try {
      const source = { uri: `s3://${bucket}/${key}`, iamRole, region, delimiter: file.delimiter, header: file.header };
      const copy = this.dialect.copyCsvFromS3(relation, columns, source);
      await this.inner.execute(copy);
      return copy;
    } finally {
      await this.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch(() => undefined);
    }
  }

  execute(sql: string): Promise<ExecuteResult> {
    return this.inner.execute(sql);
  }

  query(sql: string): Promise<QueryResult> {
    return this.inner.query(sql);
  }

  listRelations(schema: string, database?: string): Promise<ExistingRelation[]> {
    return this.inner.listRelations(schema, database);
  }

  getColumns(relation: RelationName): Promise<ColumnDescription[]> {
    return this.inner.getColumns(relation);
  }

  async getSchemaColumns(schema: string, database?: string): Promise<Map<string, ColumnDescription[]>> {
    if (canReadSchemaColumns(this.inner)) return this.inner.getSchemaColumns(schema, database);
    throw new Error('the wrapped Redshift connection cannot read schema columns');
  }

  cancel(): Promise<void> {
    return this.inner.cancel();
  }

  async close(): Promise<void> {
    await this.inner.close();
  }
}

/** An S3 client for the staging bucket (credentials from the SDK's default chain). */
export function stagingS3Client(options: S3CopyOptions): S3Client {
  return new S3Client({
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
  });
}
