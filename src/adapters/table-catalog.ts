import type { RelationName } from '../manifest/types.js';
import type { CsvTable } from '../seeds/csv-parse.js';
import type { SeedColumnType } from '../seeds/seed-types.js';
import type { ColumnDescription, Connection } from './contract.js';

/**
 * The catalog of a warehouse whose tables are data files plus a catalog entry, with no
 * RENAME, MERGE or DELETE on them (Athena: Glue over S3). The materializations plan the
 * swaps and partition exchanges (`plan-catalog-table.ts`, `plan-catalog-incremental.ts`); a
 * connection with this ability carries out each step. Locations are URIs (`s3://bucket/prefix/`).
 */
export interface TableCatalog {
  /** where tables' data goes when a model names no location of its own, ending in `/` */
  readonly dataLocation: string;
  /** A table's or view's entry, without its partitions; undefined when there is none. */
  getTable(relation: RelationName): Promise<CatalogTable | undefined>;
  /** Every partition of a partitioned table. */
  getPartitions(relation: RelationName): Promise<CatalogPartition[]>;
  /** Make `relation` describe what `to` describes (location, columns, partition keys) in one update. */
  repointTable(relation: RelationName, to: CatalogTable): Promise<void>;
  /** Remove a name from the catalog; its data stays. */
  deleteTableEntry(relation: RelationName): Promise<void>;
  /** Add partitions; with `storedLike`, each is stored as that table is, at its own location. */
  createPartitions(relation: RelationName, partitions: CatalogPartition[], storedLike?: CatalogTable): Promise<void>;
  /** Point existing partitions (the same values) at the given ones' locations. */
  updatePartitions(relation: RelationName, partitions: CatalogPartition[], storedLike?: CatalogTable): Promise<void>;
  deletePartitions(relation: RelationName, partitions: CatalogPartition[]): Promise<void>;
  /** Delete every file under `location` except those under a `keep` location. */
  deleteData(location: string, keep: readonly string[]): Promise<void>;
  /** Put a seed's rows at `location`, registered as `table`; returns the SELECT that types them. */
  stageSeed(table: RelationName, location: string, seed: StagedSeed): Promise<string>;
}

/** A table's (or view's) catalog entry, as the plans see it. */
export interface CatalogTable {
  kind: 'table' | 'view';
  /** where its files are */
  location?: string;
  /** its partition columns' names, in order (none: not partitioned) */
  partitionKeys: string[];
  /** its columns in order, partition columns last */
  columns: ColumnDescription[];
  /** the catalog's own record, carried so that a repoint copies the entry whole; plans never read it */
  entry?: unknown;
  /** the entry's table properties (Glue `Parameters`); a repoint writes these */
  properties?: Readonly<Record<string, string>>;
}

/** One partition: its values in partition-key order and where its files are. */
export interface CatalogPartition {
  values: string[];
  location?: string;
  /** the catalog's own record (storage format, parameters); plans never read it */
  entry?: unknown;
}

/** A seed as read from its file: the header, every row, the column types. */
export interface StagedSeed extends CsvTable {
  types: SeedColumnType[];
}

/** A connection that keeps its tables as files plus catalog entries. */
export interface CatalogConnection extends Connection {
  readonly tableCatalog: TableCatalog;
}

/** Whether a connection keeps its tables as files plus catalog entries (then the catalog plans build them). */
export function hasTableCatalog(connection: Connection): connection is CatalogConnection {
  return (connection as Partial<CatalogConnection>).tableCatalog !== undefined;
}
