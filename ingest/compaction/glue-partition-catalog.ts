/**
 * The Glue Data Catalog's view of an hour partition. Athena plans a query with the
 * location the partition has at that moment, so one UpdatePartition moves its readers
 * from one file set to another with nothing in between. A partition the catalog does not
 * have yet is created at the generation, with the table's storage: the ingester's
 * registrar then finds it there and leaves it. A partition of a typed table takes the
 * table's current columns in the same update (compacted-partition-columns.ts).
 */
import {
  CreatePartitionCommand,
  EntityNotFoundException,
  GetPartitionCommand,
  GetTableCommand,
  GlueClient,
  UpdatePartitionCommand,
  type Column,
  type StorageDescriptor,
} from '@aws-sdk/client-glue';
import { compactedPartitionColumns } from './compacted-partition-columns.js';
import type { PartitionCatalog } from './partition-catalog.js';

export interface GluePartitionCatalogOptions {
  database: string;
  region?: string;
  endpoint?: string;
}

export class GluePartitionCatalog implements PartitionCatalog {
  private readonly client: GlueClient;
  private readonly tables = new Map<string, StorageDescriptor>();

  constructor(private readonly options: GluePartitionCatalogOptions) {
    const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    if (!region) throw new Error(`no AWS region for the Glue database '${options.database}': set AWS_REGION`);
    this.client = new GlueClient({ region, endpoint: options.endpoint, maxAttempts: 5, retryMode: 'standard' });
  }

  async pointsAt(table: string, dt: string, hour: string, location: string): Promise<boolean> {
    const current = await this.partition(table, dt, hour);
    if (current?.Location !== location) return false;
    const columns = compactedPartitionColumns((await this.tableStorage(table)).Columns ?? [], current.Columns);
    return !columns || sameColumns(columns, current.Columns ?? []);
  }

  async pointAt(table: string, dt: string, hour: string, location: string): Promise<void> {
    const current = await this.partition(table, dt, hour);
    // Read again, not from this run's cache: the registrar may have widened the table since.
    this.tables.delete(table);
    const tableStorage = await this.tableStorage(table);
    const storage = current ?? tableStorage;
    const columns = compactedPartitionColumns(tableStorage.Columns ?? [], current?.Columns);
    const input = {
      Values: [dt, hour],
      StorageDescriptor: { ...storage, ...(columns ? { Columns: columns } : {}), Location: location },
    };
    const names = { DatabaseName: this.options.database, TableName: table };
    if (current) {
      await this.client.send(
        new UpdatePartitionCommand({ ...names, PartitionValueList: [dt, hour], PartitionInput: input }),
      );
    } else {
      await this.client.send(new CreatePartitionCommand({ ...names, PartitionInput: input }));
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  private async partition(table: string, dt: string, hour: string): Promise<StorageDescriptor | undefined> {
    try {
      const answer = await this.client.send(
        new GetPartitionCommand({
          DatabaseName: this.options.database,
          TableName: table,
          PartitionValues: [dt, hour],
        }),
      );
      return answer.Partition?.StorageDescriptor;
    } catch (error) {
      if (error instanceof EntityNotFoundException) return undefined;
      throw error;
    }
  }

  /** A table's storage, read once per run (one compaction pass) unless `pointAt` reads it again. */
  private async tableStorage(table: string): Promise<StorageDescriptor> {
    const cached = this.tables.get(table);
    if (cached) return cached;
    const answer = await this.client.send(new GetTableCommand({ DatabaseName: this.options.database, Name: table }));
    const storage = answer.Table?.StorageDescriptor;
    if (!storage) throw new Error(`the Glue table ${this.options.database}.${table} has no storage descriptor`);
    this.tables.set(table, storage);
    return storage;
  }
}

function sameColumns(a: readonly Column[], b: readonly Column[]): boolean {
  return a.length === b.length && a.every((column, i) => column.Name === b[i]?.Name && column.Type === b[i]?.Type);
}
