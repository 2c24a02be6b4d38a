import {
  BatchCreatePartitionCommand,
  BatchDeletePartitionCommand,
  BatchUpdatePartitionCommand,
  CreateTableCommand,
  DeleteTableCommand,
  GetPartitionsCommand,
  GetTableCommand,
  GetTablesCommand,
  UpdateTableCommand,
  type GlueClient,
  type Partition,
  type ErrorDetail,
  type Table,
  type TableInput,
} from '@aws-sdk/client-glue';
import type { RelationName } from '../../manifest/types.js';
import { chunk } from '../../aws/chunk.js';
import type { ColumnDescription, ExistingRelation } from '../contract.js';

/** Hive type names in Glue, as Athena's SQL (Trino) spells them. */
const TRINO_TYPES: Record<string, string> = { string: 'varchar', int: 'integer', float: 'real' };

/**
 * The Glue Data Catalog side of Athena: what relations and columns exist (the catalog is
 * Glue, one database per schema), and the catalog updates a table swap is made of.
 */
export class AthenaGlue {
  constructor(private readonly client: GlueClient) {}

  async listRelations(schema: string): Promise<ExistingRelation[]> {
    const relations: ExistingRelation[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new GetTablesCommand({ DatabaseName: schema.toLowerCase(), NextToken: token }),
        );
        for (const table of page.TableList ?? []) {
          relations.push({
            schema,
            identifier: table.Name!,
            kind: table.TableType === 'VIRTUAL_VIEW' ? 'view' : 'table',
          });
        }
        token = page.NextToken || undefined;
      } while (token);
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
    return relations;
  }

  /** Every relation's columns in one schema (GetTables returns them), keyed by lower-cased name. */
  async schemaColumns(schema: string): Promise<Map<string, ColumnDescription[]>> {
    const columns = new Map<string, ColumnDescription[]>();
    let token: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new GetTablesCommand({ DatabaseName: schema.toLowerCase(), NextToken: token }),
        );
        for (const table of page.TableList ?? []) columns.set(table.Name!.toLowerCase(), tableColumns(table));
        token = page.NextToken || undefined;
      } while (token);
    } catch (error) {
      if (isNotFound(error)) return columns;
      throw error;
    }
    return columns;
  }

  async getTable(relation: RelationName): Promise<Table | undefined> {
    try {
      return (
        await this.client.send(
          new GetTableCommand({ DatabaseName: relation.schema.toLowerCase(), Name: relation.identifier.toLowerCase() }),
        )
      ).Table;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** A relation's columns in order, partition columns last; a view's from its stored definition. */
  async getColumns(relation: RelationName): Promise<ColumnDescription[]> {
    const table = await this.getTable(relation);
    return table ? tableColumns(table) : [];
  }

  async partitions(relation: RelationName): Promise<Partition[]> {
    const partitions: Partition[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new GetPartitionsCommand({
          DatabaseName: relation.schema.toLowerCase(),
          TableName: relation.identifier.toLowerCase(),
          NextToken: token,
        }),
      );
      partitions.push(...(page.Partitions ?? []));
      token = page.NextToken || undefined;
    } while (token);
    return partitions;
  }

  /** Point `target` at what `source` describes (location, columns, partition keys) in one UpdateTable. */
  async repoint(target: RelationName, source: Table): Promise<void> {
    const input: TableInput = {
      Name: target.identifier.toLowerCase(),
      TableType: source.TableType,
      StorageDescriptor: source.StorageDescriptor,
      PartitionKeys: source.PartitionKeys,
      Parameters: source.Parameters,
    };
    await this.client.send(
      new UpdateTableCommand({ DatabaseName: target.schema.toLowerCase(), TableInput: input, SkipArchive: true }),
    );
  }

  async createTable(schema: string, input: TableInput): Promise<void> {
    await this.client.send(new CreateTableCommand({ DatabaseName: schema.toLowerCase(), TableInput: input }));
  }

  async deleteTable(relation: RelationName): Promise<void> {
    try {
      await this.client.send(
        new DeleteTableCommand({
          DatabaseName: relation.schema.toLowerCase(),
          Name: relation.identifier.toLowerCase(),
        }),
      );
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  async deletePartitions(relation: RelationName, partitions: readonly Partition[]): Promise<void> {
    for (const batch of chunk(partitions, 25)) {
      const answer = await this.client.send(
        new BatchDeletePartitionCommand({
          ...tableOf(relation),
          PartitionsToDelete: batch.map((p) => ({ Values: p.Values ?? [] })),
        }),
      );
      throwOnPartitionErrors(
        'delete',
        relation,
        answer.Errors?.map((e) => ({ values: e.PartitionValues, detail: e.ErrorDetail })),
      );
    }
  }

  async createPartitions(relation: RelationName, partitions: readonly Partition[]): Promise<void> {
    for (const batch of chunk(partitions, 100)) {
      const answer = await this.client.send(
        new BatchCreatePartitionCommand({ ...tableOf(relation), PartitionInputList: batch.map(partitionInput) }),
      );
      throwOnPartitionErrors(
        'create',
        relation,
        answer.Errors?.map((e) => ({ values: e.PartitionValues, detail: e.ErrorDetail })),
      );
    }
  }

  /** Point existing partitions (same values) at what `partitions` describe: a new location, one partition at a time. */
  async updatePartitions(relation: RelationName, partitions: readonly Partition[]): Promise<void> {
    for (const batch of chunk(partitions, 100)) {
      const entries = batch.map((p) => ({ PartitionValueList: p.Values ?? [], PartitionInput: partitionInput(p) }));
      const answer = await this.client.send(
        new BatchUpdatePartitionCommand({ ...tableOf(relation), Entries: entries }),
      );
      throwOnPartitionErrors(
        'update',
        relation,
        answer.Errors?.map((e) => ({ values: e.PartitionValueList, detail: e.ErrorDetail })),
      );
    }
  }
}

function tableOf(relation: RelationName): { DatabaseName: string; TableName: string } {
  return { DatabaseName: relation.schema.toLowerCase(), TableName: relation.identifier.toLowerCase() };
}

function partitionInput(partition: Partition) {
  return { Values: partition.Values, StorageDescriptor: partition.StorageDescriptor, Parameters: partition.Parameters };
}

/**
 * The Batch*Partition calls answer per-partition failures in `Errors` instead of failing:
 * a swap must not go on past one.
 */
function throwOnPartitionErrors(
  action: string,
  relation: RelationName,
  errors: Array<{ values?: string[]; detail?: ErrorDetail }> | undefined,
): void {
  const first = errors?.[0];
  if (!first) return;
  throw new Error(
    `Glue could not ${action} ${errors.length} partition(s) of ${relation.schema}.${relation.identifier}, ` +
      `the first (${(first.values ?? []).join(', ')}): ` +
      `${first.detail?.ErrorCode ?? 'error'}: ${first.detail?.ErrorMessage ?? ''}`,
  );
}

/** A Glue table's columns in order, partition columns last; a view's from its stored definition. */
export function tableColumns(table: Table): ColumnDescription[] {
  if (table.TableType === 'VIRTUAL_VIEW') return viewColumns(table);
  return [...(table.StorageDescriptor?.Columns ?? []), ...(table.PartitionKeys ?? [])].map((c) => ({
    name: c.Name!,
    dataType: TRINO_TYPES[(c.Type ?? '').toLowerCase()] ?? c.Type ?? 'unknown',
  }));
}

// A Trino/Athena view keeps its definition, columns included, as base64 JSON in
// ViewOriginalText: `/* Presto View: <base64> */`.
function viewColumns(table: Table): ColumnDescription[] {
  const match = /Presto View: ([A-Za-z0-9+/=]+)/.exec(table.ViewOriginalText ?? '');
  if (match) {
    try {
      const view = JSON.parse(Buffer.from(match[1]!, 'base64').toString('utf8')) as {
        columns?: Array<{ name: string; type: string }>;
      };
      if (view.columns) return view.columns.map((c) => ({ name: c.name, dataType: c.type }));
    } catch {
      // fall back to the columns Glue lists
    }
  }
  return (table.StorageDescriptor?.Columns ?? []).map((c) => ({ name: c.Name!, dataType: c.Type ?? 'unknown' }));
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && error.name === 'EntityNotFoundException';
}
