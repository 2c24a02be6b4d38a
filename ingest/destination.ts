/**
 * Where the ingester lands files: a local directory (the embedded default) or S3. A
 * destination writes whole files durably and never replaces one: the same relative path
 * (`<topic>+<partition>+<firstOffset>`) written twice keeps the first file, and the
 * second writer learns that the file is already there (see ../CONTEXT.md, "Exactly once").
 */
export interface Destination {
  /** e.g. `file:///data/lake` or `s3://bucket/prefix`, for logs and metrics */
  readonly url: string;
  /**
   * Write `body` at `relativePath` (forward slashes) unless a file is already there.
   * Resolves only once the outcome is durable: `written` when this call put the file in
   * place (locally written, fsynced and linked into place; on S3 the conditional upload
   * completed), `exists` when a file of that name was already there (an earlier attempt,
   * or another writer); that file is left as it is.
   */
  writeFile(relativePath: string, body: Buffer): Promise<WriteOutcome>;
  /** The whole content of a file already at `relativePath`. */
  readFile(relativePath: string): Promise<Buffer>;
  /**
   * Remove what interrupted writes of earlier runs left behind under the given topics'
   * folders (temporary files; on S3 incomplete multipart uploads) that no running writer
   * can still complete: started before `startedBefore` (ms since the epoch). Returns
   * what was removed, for the log.
   */
  removeLeftovers(topics: string[], startedBefore: number): Promise<string[]>;
  /** Release clients and handles. */
  close(): Promise<void>;
}

/** `written`: this call put the file in place; `exists`: a file of that name was already there. */
export type WriteOutcome = 'written' | 'exists';

/** A new hive partition of a lake table, to register in a catalog. */
export interface LakePartition {
  /** the table the topic feeds */
  table: string;
  dt: string;
  hour: string;
  /** the partition folder, as the catalog should see it (s3://... or file path) */
  location: string;
  /** the payload columns of the table's typed Parquet files (Glue types); absent when the payload is a string */
  typedColumns?: readonly TypedColumn[];
}

/** A column of a typed Bronze table, with its Glue (Hive) type. */
export interface TypedColumn {
  name: string;
  type: string;
}

/** A catalog that learns about new partitions (the Glue Data Catalog). */
export interface PartitionRegistrar {
  /**
   * Register partitions; those that already exist are fine (idempotent). Called on every
   * flush: the registrar remembers what it registered, so known partitions cost no call.
   */
  register(partitions: LakePartition[]): Promise<void>;
  close(): Promise<void>;
}
