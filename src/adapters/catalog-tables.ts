import type { IncrementalStrategy, OnSchemaChange, RelationName } from '../manifest/types.js';
import type { Connection, CsvLoadOptions } from './contract.js';

/**
 * A warehouse whose tables are data files plus a catalog entry, with no RENAME to swap
 * them (Athena: S3 + Glue). Its connection builds, replaces and appends to tables itself:
 * a new build goes to a fresh location and is swapped in the catalog, then the old data
 * is deleted. The materializations hand such a connection the whole job.
 */
export interface CatalogTableWriter {
  /** Build `relation` from the query at a fresh location and swap it in for what exists. */
  replaceTable(request: TableBuild): Promise<CatalogWriteResult>;
  /** Add the query's rows to an existing table (`append`), or replace the partitions they touch (`insert_overwrite`). */
  writeIncremental(request: IncrementalWrite): Promise<CatalogWriteResult>;
  /** Drop a table and delete its data files (a model switched from table to view). */
  dropTable(relation: RelationName): Promise<CatalogWriteResult>;
  /** Load a CSV file as `relation`, replacing it (seeds). */
  replaceFromCsv(
    relation: RelationName,
    csvPath: string,
    options: CsvLoadOptions & { displayPath: string },
  ): Promise<CatalogWriteResult>;
}

/** A table build: the query, and how its files are laid out. */
export interface TableBuild {
  relation: RelationName;
  selectSql: string;
  partitionBy?: string[];
  /** an `s3://` prefix under which this model's builds go, instead of the target's data dir */
  location?: string;
}

/** An incremental write into a table that exists. */
export interface IncrementalWrite extends TableBuild {
  strategy: IncrementalStrategy;
  /** key columns of merge and delete+insert */
  uniqueKey?: string[];
  onSchemaChange?: OnSchemaChange;
}

/** What a catalog write did: the statements it sent and the rows it wrote. */
export interface CatalogWriteResult {
  rowsAffected?: number;
  executedSql: string[];
}

export function writesCatalogTables(connection: Connection): connection is Connection & CatalogTableWriter {
  return typeof (connection as Partial<CatalogTableWriter>).replaceTable === 'function';
}
