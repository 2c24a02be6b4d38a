import type { Partition, StorageDescriptor, Table } from '@aws-sdk/client-glue';
import type { RelationName } from '../../manifest/types.js';
import type { CatalogPartition, CatalogTable, StagedSeed, TableCatalog } from '../table-catalog.js';
import type { AthenaDialect } from './athena-dialect.js';
import { tableColumns, type AthenaGlue } from './athena-glue.js';
import type { AthenaS3 } from './athena-s3.js';
import { csvTableInput, encodeCsv, typedSelect } from './athena-seed.js';
import { parseS3Uri, s3Uri, type S3Location } from '../../aws/s3-uri.js';

/** Runs one Glue or S3 call, turning its failure into the connection's error for `operation`. */
export type ServiceCall = <T>(operation: string, call: () => Promise<T>) => Promise<T>;

/**
 * Athena's table catalog: entries in Glue, data in S3. The materializations plan every
 * swap and partition exchange; this carries out each step with Glue and S3 calls.
 */
export class AthenaCatalog implements TableCatalog {
  readonly dataLocation: string;

  constructor(
    private readonly dialect: AthenaDialect,
    private readonly glue: AthenaGlue,
    private readonly s3: AthenaS3,
    dataDir: S3Location,
    private readonly call: ServiceCall,
  ) {
    this.dataLocation = s3Uri(dataDir);
  }

  getTable(relation: RelationName): Promise<CatalogTable | undefined> {
    return this.call('GetTable', async () => {
      const table = await this.glue.getTable(relation);
      return table && catalogTable(table);
    });
  }

  getPartitions(relation: RelationName): Promise<CatalogPartition[]> {
    return this.call('GetPartitions', async () => (await this.glue.partitions(relation)).map(catalogPartition));
  }

  repointTable(relation: RelationName, to: CatalogTable): Promise<void> {
    const source = to.entry as Table | undefined;
    if (source === undefined) throw new Error(`no Glue entry to repoint ${relation.identifier} to`);
    const parameters = to.properties ?? source.Parameters;
    return this.call('UpdateTable', () => this.glue.repoint(relation, { ...source, Parameters: { ...parameters } }));
  }

  deleteTableEntry(relation: RelationName): Promise<void> {
    return this.call('DeleteTable', () => this.glue.deleteTable(relation));
  }

  createPartitions(relation: RelationName, partitions: CatalogPartition[], storedLike?: CatalogTable): Promise<void> {
    const glue = partitions.map((p) => gluePartition(p, storedLike));
    return this.call('BatchCreatePartition', () => this.glue.createPartitions(relation, glue));
  }

  updatePartitions(relation: RelationName, partitions: CatalogPartition[], storedLike?: CatalogTable): Promise<void> {
    const glue = partitions.map((p) => gluePartition(p, storedLike));
    return this.call('BatchUpdatePartition', () => this.glue.updatePartitions(relation, glue));
  }

  deletePartitions(relation: RelationName, partitions: CatalogPartition[]): Promise<void> {
    const glue = partitions.map((p) => ({ Values: p.values }));
    return this.call('BatchDeletePartition', () => this.glue.deletePartitions(relation, glue));
  }

  async deleteData(location: string, keep: readonly string[]): Promise<void> {
    const kept = keep.map(s3Location);
    await this.call('DeleteObjects', () => this.s3.deletePrefix(s3Location(location), kept));
  }

  /**
   * The seed's CSV goes to S3 (re-encoded so that every engine reads the same fields), an
   * external CSV table over it is registered in Glue, and the SELECT casts its text columns.
   */
  async stageSeed(table: RelationName, location: string, seed: StagedSeed): Promise<string> {
    const at = s3Location(location);
    await this.call('PutObject', () => this.s3.putText(at, `${table.identifier.toLowerCase()}.csv`, encodeCsv(seed)));
    await this.call('CreateTable', () =>
      this.glue.createTable(table.schema, csvTableInput(table.identifier, seed.header, at)),
    );
    return typedSelect(this.dialect, table, seed.header, seed.types);
  }
}

function catalogTable(table: Table): CatalogTable {
  return {
    kind: table.TableType === 'VIRTUAL_VIEW' ? 'view' : 'table',
    location: table.StorageDescriptor?.Location,
    partitionKeys: (table.PartitionKeys ?? []).map((key) => key.Name ?? ''),
    columns: tableColumns(table),
    entry: table,
    properties: { ...table.Parameters },
  };
}

function catalogPartition(partition: Partition): CatalogPartition {
  return { values: partition.Values ?? [], location: partition.StorageDescriptor?.Location, entry: partition };
}

/** The Glue partition: its own storage, or the table's (`storedLike`) with only its own location. */
function gluePartition(partition: CatalogPartition, storedLike?: CatalogTable): Partition {
  const own = partition.entry as Partition | undefined;
  const location = own?.StorageDescriptor?.Location ?? partition.location;
  const storage: StorageDescriptor | undefined = storedLike
    ? { ...(storedLike.entry as Table | undefined)?.StorageDescriptor, Location: location }
    : (own?.StorageDescriptor ?? { Location: location });
  return { Values: partition.values, StorageDescriptor: storage, Parameters: own?.Parameters };
}

function s3Location(uri: string): S3Location {
  const location = parseS3Uri(uri);
  if (!location) throw new Error(`not an S3 location: ${uri}`);
  return location;
}
