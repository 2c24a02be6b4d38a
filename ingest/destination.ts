/**
 * Where the ingester lands files: a local directory (the embedded default) or S3. A
 * destination writes whole files durably and idempotently: the same relative path
 * always names the same content (`<topic>+<partition>+<startOffset>`), so a replay after
 * a crash overwrites rather than duplicates.
 */
export interface Destination {
  /** e.g. `file:///data/lake` or `s3://bucket/prefix`, for logs and metrics */
  readonly url: string;
  /**
   * Write `body` at `relativePath` (forward slashes). Resolves only once the file is
   * durable: locally written, fsynced and renamed into place; on S3 the upload completed.
   */
  writeFile(relativePath: string, body: Buffer): Promise<void>;
  /** Release clients and handles. */
  close(): Promise<void>;
}

/** A new hive partition of a lake table, to register in a catalog. */
export interface LakePartition {
  /** the table the topic feeds */
  table: string;
  dt: string;
  hour: string;
  /** the partition folder, as the catalog should see it (s3://... or file path) */
  location: string;
}

/** A catalog that learns about new partitions (the Glue Data Catalog). */
export interface PartitionRegistrar {
  /** Register partitions; those that already exist are fine (idempotent). */
  register(partitions: LakePartition[]): Promise<void>;
  close(): Promise<void>;
}
