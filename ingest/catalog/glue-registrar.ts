/**
 * Registers the lake's new `dt=/hour=` partitions in the Glue Data Catalog. Optionally
 * creates the database and the tables first. Partitions are sent with
 * BatchCreatePartition, at most 100 per call (Glue's limit); a partition that already
 * exists counts as registered, entries Glue throttled or failed transiently are sent
 * again with backoff. A partition this process registered is not sent again on the next
 * flushes into it until its registration ages (registered-partitions.ts says why), and a
 * table found dropped is created again on the next call. Concurrent calls for the same
 * partition share one request. A typed table follows its topic's schema at once: a flush
 * whose columns are wider than the table's widens it (GetTable, UpdateTable), and gives
 * the partitions it lands in that were registered with the older columns the new ones
 * (BatchUpdatePartition), mid-hour; flushes whose columns the table already holds make no
 * call.
 */
import {
  AlreadyExistsException,
  BatchCreatePartitionCommand,
  BatchUpdatePartitionCommand,
  CreateDatabaseCommand,
  CreateTableCommand,
  EntityNotFoundException,
  GetTableCommand,
  GlueClient,
  UpdateTableCommand,
  type BatchUpdatePartitionFailureEntry,
  type Column,
  type GlueClientConfig,
  type PartitionError,
  type PartitionInput,
  type StorageDescriptor,
} from '@aws-sdk/client-glue';
import { jitteredDelayMs, type BackoffOptions } from '../../src/aws/backoff.js';
import { chunk } from '../../src/aws/chunk.js';
import { errorSummary } from '../../src/aws/service-error.js';
import { isTransientErrorName } from '../../src/aws/transient-errors.js';
import type { LakePartition, PartitionRegistrar } from '../destination.js';
import { bronzeTableInput, type BronzeFormat } from './glue-tables.js';
import { DEFAULT_RECHECK_MS, DEFAULT_REMEMBERED_PARTITIONS, RegisteredPartitions } from './registered-partitions.js';
import { columnsSignature, evolvedColumns, typedTableColumns } from './typed-glue-columns.js';

/** Glue accepts at most this many partitions per BatchCreatePartition. */
export const GLUE_BATCH_LIMIT = 100;

export interface GlueTableCreation {
  format: BronzeFormat;
  /** the root folder of each table (`s3://bucket/prefix/<topic>/`), by table name or computed from it */
  location: Record<string, string> | ((table: string) => string);
}

export interface GlueRegistrarOptions {
  database: string;
  /** defaults to AWS_REGION, then AWS_DEFAULT_REGION */
  region?: string;
  endpoint?: string;
  /** explicit credentials or a provider; by default the SDK's chain, starting with the environment */
  credentials?: GlueClientConfig['credentials'];
  /** another account's catalog; the caller's by default */
  catalogId?: string;
  /** create the database when it is missing */
  createDatabase?: boolean;
  /** create each table when it is missing; without it the tables must exist */
  createTable?: GlueTableCreation;
  /** attempts per HTTP request, retried by the SDK's standard strategy (default 5) */
  maxAttempts?: number;
  /** rounds for entries Glue refused transiently (throttled, busy), with backoff (default 6) */
  batchAttempts?: number;
  /** partitions per BatchCreatePartition, at most 100 (default 100) */
  batchSize?: number;
  /** a client to use instead of creating one (then `close` leaves it open) */
  client?: GlueClient;
  /** a registered partition is sent again on its first flush after this long (default 15 minutes) */
  recheckAfterMs?: number;
  /** at most this many registered partitions remembered, the oldest forgotten first (default 80,000) */
  rememberedPartitions?: number;
  /** waits between rounds; tests replace it */
  sleep?: (ms: number) => Promise<void>;
  /** the clock that ages registrations; tests replace it */
  now?: () => number;
}

export interface GlueRegistrarStats {
  /** partitions created by this process */
  created: number;
  /** partitions Glue already had */
  alreadyExisted: number;
  /** BatchCreatePartition calls sent */
  batches: number;
  /** entries or calls sent again after a transient failure */
  retried: number;
  /** BatchUpdatePartition calls sent (partitions given a widened table's columns) */
  updates: number;
}

/** Waits between rounds: random, below 0.5 s doubling up to 10 s. */
const ROUND_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 10_000 };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class GlueRegistrar implements PartitionRegistrar {
  private readonly client: GlueClient;
  private readonly ownsClient: boolean;
  private readonly batchAttempts: number;
  private readonly batchSize: number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** partitions recently confirmed in the catalog */
  private readonly registered: RegisteredPartitions;
  /** partitions being sent, so a concurrent call waits for the same request */
  private readonly inFlight = new Map<string, Promise<void>>();
  /** each table's storage, which its partitions copy with their own location */
  private readonly tables = new Map<string, Promise<StorageDescriptor>>();
  private database?: Promise<void>;
  private readonly counters: GlueRegistrarStats = { created: 0, alreadyExisted: 0, batches: 0, retried: 0, updates: 0 };
  private closed = false;

  constructor(private readonly options: GlueRegistrarOptions) {
    if (!options.database) throw new Error('a Glue registrar needs a database name');
    this.batchAttempts = positiveInteger(options.batchAttempts ?? 6, 'batchAttempts');
    this.batchSize = positiveInteger(options.batchSize ?? GLUE_BATCH_LIMIT, 'batchSize');
    if (this.batchSize > GLUE_BATCH_LIMIT)
      throw new Error(`batchSize may be at most ${GLUE_BATCH_LIMIT} (Glue's limit), got ${this.batchSize}`);
    this.sleep = options.sleep ?? defaultSleep;
    this.registered = new RegisteredPartitions({
      recheckMs: options.recheckAfterMs ?? DEFAULT_RECHECK_MS,
      limit: options.rememberedPartitions ?? DEFAULT_REMEMBERED_PARTITIONS,
      ...(options.now ? { now: options.now } : {}),
    });
    if (options.client) {
      this.client = options.client;
      this.ownsClient = false;
    } else {
      const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
      if (!region)
        throw new Error(
          `no AWS region for the Glue database '${options.database}': set the registrar's region or AWS_REGION`,
        );
      this.client = new GlueClient({
        region,
        endpoint: options.endpoint,
        credentials: options.credentials,
        maxAttempts: positiveInteger(options.maxAttempts ?? 5, 'maxAttempts'),
        retryMode: 'standard',
        requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000 },
      });
      this.ownsClient = true;
    }
  }

  get stats(): Readonly<GlueRegistrarStats> {
    return { ...this.counters };
  }

  /**
   * Make sure `table` can take partitions: create the database and the table when asked
   * to (an existing one is kept as it is), otherwise check that the table exists. Once
   * per table per process.
   */
  ensureTable(table: string, columns?: readonly Column[]): Promise<StorageDescriptor> {
    let storage = this.tables.get(table);
    if (!storage) {
      storage = this.loadOrCreateTable(table, columns);
      this.tables.set(table, storage);
      // A failure is not remembered: the next call tries again.
      storage.catch(() => {
        if (this.tables.get(table) === storage) this.tables.delete(table);
      });
    }
    return storage;
  }

  async register(partitions: LakePartition[]): Promise<void> {
    if (this.closed) throw new Error(`the Glue registrar for '${this.options.database}' is closed`);
    const byTable = new Map<string, LakePartition[]>();
    for (const partition of partitions) {
      const list = byTable.get(partition.table) ?? [];
      list.push(partition);
      byTable.set(partition.table, list);
    }
    const results = await Promise.allSettled(
      [...byTable].map(([table, list]) => this.registerTablePartitions(table, list)),
    );
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /**
   * The partitions of one table. A typed table is widened first when the flush's columns
   * are wider than the table's as this process knows them (no call otherwise); then only
   * partitions not registered recently, or registered before the table widened, are sent.
   */
  private async registerTablePartitions(table: string, partitions: LakePartition[]): Promise<void> {
    const typed = partitions[0]?.typedColumns;
    const columns = typed ? typedTableColumns(typed) : undefined;
    let signature = '';
    if (columns) {
      const storage = await this.evolveTable(table, await this.ensureTable(table, columns), columns);
      signature = columnsSignature(storage.Columns);
    }
    const waits: Array<Promise<void>> = [];
    const fresh: Array<[string, LakePartition]> = [];
    const stale: Array<[string, LakePartition]> = [];
    const seen = new Set<string>();
    for (const partition of partitions) {
      const key = partitionKey(partition);
      if (seen.has(key)) continue;
      seen.add(key);
      const pending = this.inFlight.get(key);
      if (pending) {
        waits.push(pending);
        continue;
      }
      const status = this.registered.status(key, signature);
      if (status === 'stale-columns') stale.push([key, partition]);
      else if (status === 'unknown') fresh.push([key, partition]);
    }
    if (fresh.length > 0 || stale.length > 0) {
      const sent = this.sendTable(table, fresh, stale, columns);
      const shared = sent.finally(() => {
        for (const [key] of [...fresh, ...stale]) this.inFlight.delete(key);
      });
      for (const [key] of [...fresh, ...stale]) this.inFlight.set(key, shared);
      // The shared promise is awaited below; this handler only keeps Node from reporting it early.
      shared.catch(() => undefined);
      waits.push(shared);
    }
    const results = await Promise.allSettled(waits);
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.inFlight.values()]);
    if (this.ownsClient) this.client.destroy();
  }

  /** Create the `fresh` partitions, and give the `stale` ones (registered before the table widened) its columns. */
  private async sendTable(
    table: string,
    fresh: Array<[string, LakePartition]>,
    stale: Array<[string, LakePartition]>,
    columns: Column[] | undefined,
  ): Promise<void> {
    let storage = await this.ensureTable(table, columns);
    if (columns) storage = await this.evolveTable(table, storage, columns);
    const signature = columns ? columnsSignature(storage.Columns) : '';
    try {
      // A partition dropped behind this process cannot be updated: it is created instead.
      const missing = stale.length > 0 ? await this.updateColumns(table, stale, storage, signature) : [];
      for (const batch of chunk([...fresh, ...missing], this.batchSize)) {
        await this.createBatch(table, batch, storage);
        for (const [key] of batch) this.registered.add(key, signature);
      }
    } catch (error) {
      if (error instanceof Error && error.cause instanceof EntityNotFoundException) this.forgetTable(table);
      throw error;
    }
  }

  /**
   * BatchUpdatePartition of partitions registered with older columns, which files of the
   * wider schema now land in: they get the table's storage (its columns) with their own
   * location, so Athena and Trino, which read a partition with its own columns, see the new
   * fields in the same hour. Returns the partitions Glue no longer has.
   */
  private async updateColumns(
    table: string,
    entries: Array<[string, LakePartition]>,
    storage: StorageDescriptor,
    signature: string,
  ): Promise<Array<[string, LakePartition]>> {
    const missing: Array<[string, LakePartition]> = [];
    for (const batch of chunk(entries, this.batchSize)) {
      let errors: BatchUpdatePartitionFailureEntry[];
      try {
        this.counters.updates += 1;
        const response = await this.client.send(
          new BatchUpdatePartitionCommand({
            CatalogId: this.options.catalogId,
            DatabaseName: this.options.database,
            TableName: table,
            Entries: batch.map(([, partition]) => ({
              PartitionValueList: [partition.dt, partition.hour],
              PartitionInput: partitionInput(partition, storage),
            })),
          }),
        );
        errors = response.Errors ?? [];
      } catch (error) {
        const what = `updating the columns of ${batch.length} partition(s) of ${this.qualified(table)} in Glue`;
        throw new Error(`${what} failed: ${errorSummary(error)}`, { cause: error });
      }
      const failedByValues = new Map(errors.map((entry) => [valuesKey(entry.PartitionValueList ?? []), entry]));
      const fatal: string[] = [];
      for (const entry of batch) {
        const [key, partition] = entry;
        const failure = failedByValues.get(valuesKey([partition.dt, partition.hour]));
        const code = failure?.ErrorDetail?.ErrorCode ?? '';
        if (!failure) this.registered.add(key, signature);
        else if (code === 'EntityNotFoundException') missing.push(entry);
        else
          fatal.push(`dt=${partition.dt}/hour=${partition.hour}: ${code} ${failure.ErrorDetail?.ErrorMessage ?? ''}`);
      }
      if (fatal.length > 0) {
        const listed = `${fatal.slice(0, 5).join('; ')}${fatal.length > 5 ? '; ...' : ''}`;
        throw new Error(`Glue refused to update ${fatal.length} partition(s) of ${this.qualified(table)}: ${listed}`);
      }
    }
    return missing;
  }

  /**
   * The table (or its database) was dropped behind this process: its storage and its
   * partitions are forgotten, so the next call checks or creates it again and sends them.
   */
  private forgetTable(table: string): void {
    this.tables.delete(table);
    this.database = undefined;
    this.registered.forgetPrefix(tableKeyPrefix(table));
  }

  /** One BatchCreatePartition, then again for the entries that failed transiently, until none is left. */
  private async createBatch(
    table: string,
    entries: Array<[string, LakePartition]>,
    storage: StorageDescriptor,
  ): Promise<void> {
    let pending = entries.map(([, partition]) => partition);
    for (let attempt = 1; ; attempt += 1) {
      let errors: PartitionError[];
      try {
        this.counters.batches += 1;
        const response = await this.client.send(
          new BatchCreatePartitionCommand({
            CatalogId: this.options.catalogId,
            DatabaseName: this.options.database,
            TableName: table,
            PartitionInputList: pending.map((partition) => partitionInput(partition, storage)),
          }),
        );
        errors = response.Errors ?? [];
      } catch (error) {
        // By name only: the SDK has already retried network faults and 5xx answers of this call.
        if (attempt < this.batchAttempts && isTransientErrorName(errorName(error))) {
          this.counters.retried += pending.length;
          await this.sleep(jitteredDelayMs(attempt, ROUND_BACKOFF));
          continue;
        }
        const what = `registering ${pending.length} partition(s) of ${this.qualified(table)} in Glue`;
        throw new Error(`${what} failed: ${errorSummary(error)}`, { cause: error });
      }

      const failedByValues = new Map(errors.map((entry) => [valuesKey(entry.PartitionValues ?? []), entry]));
      const retry: LakePartition[] = [];
      const fatal: string[] = [];
      for (const partition of pending) {
        const entry = failedByValues.get(valuesKey([partition.dt, partition.hour]));
        const code = entry?.ErrorDetail?.ErrorCode ?? '';
        if (!entry) this.counters.created += 1;
        else if (code === 'AlreadyExistsException') this.counters.alreadyExisted += 1;
        else if (isTransientErrorName(code) && attempt < this.batchAttempts) retry.push(partition);
        else {
          const reason = `${code || 'error'} ${entry.ErrorDetail?.ErrorMessage ?? ''}`.trim();
          fatal.push(`dt=${partition.dt}/hour=${partition.hour}: ${reason}`);
        }
      }
      if (fatal.length > 0) {
        const listed = `${fatal.slice(0, 5).join('; ')}${fatal.length > 5 ? '; ...' : ''}`;
        throw new Error(`Glue refused ${fatal.length} partition(s) of ${this.qualified(table)}: ${listed}`);
      }
      if (retry.length === 0) return;
      this.counters.retried += retry.length;
      pending = retry;
      await this.sleep(jitteredDelayMs(attempt, ROUND_BACKOFF));
    }
  }

  /**
   * The table's storage holding `columns` (typed Parquet files): when the topic's schema
   * gained fields, the table is updated first (typed-glue-columns.ts), so the partitions
   * that follow copy the new columns.
   */
  private async evolveTable(table: string, storage: StorageDescriptor, columns: Column[]): Promise<StorageDescriptor> {
    if (!evolvedColumns(storage.Columns ?? [], columns)) return storage;
    const update = (async () => {
      const ids = { CatalogId: this.options.catalogId, DatabaseName: this.options.database };
      const { Table } = await this.client.send(new GetTableCommand({ ...ids, Name: table }));
      const current = Table?.StorageDescriptor ?? storage;
      const evolved = evolvedColumns(current.Columns ?? [], columns);
      if (!evolved) return current;
      const next = { ...current, Columns: evolved };
      try {
        await this.client.send(
          new UpdateTableCommand({
            ...ids,
            TableInput: {
              Name: table,
              Description: Table?.Description,
              TableType: Table?.TableType,
              Parameters: Table?.Parameters,
              PartitionKeys: Table?.PartitionKeys,
              StorageDescriptor: next,
            },
          }),
        );
      } catch (error) {
        throw new Error(
          `updating the columns of the Glue table ${this.qualified(table)} failed: ${errorSummary(error)}`,
          {
            cause: error,
          },
        );
      }
      return next;
    })();
    this.tables.set(table, update);
    update.catch(() => {
      if (this.tables.get(table) === update) this.tables.delete(table);
    });
    return update;
  }

  private async loadOrCreateTable(table: string, columns?: readonly Column[]): Promise<StorageDescriptor> {
    const creation = this.options.createTable;
    if (this.options.createDatabase) await this.ensureDatabase();
    if (creation) {
      const root = typeof creation.location === 'function' ? creation.location(table) : creation.location[table];
      if (!root)
        throw new Error(`no location for the Glue table ${this.qualified(table)}: add it to createTable.location`);
      const input = bronzeTableInput(table, creation.format, root);
      if (columns && input.StorageDescriptor)
        input.StorageDescriptor.Columns = columns.map((column) => ({ ...column }));
      try {
        await this.client.send(
          new CreateTableCommand({
            CatalogId: this.options.catalogId,
            DatabaseName: this.options.database,
            TableInput: input,
          }),
        );
        return input.StorageDescriptor as StorageDescriptor;
      } catch (error) {
        if (!(error instanceof AlreadyExistsException)) {
          throw new Error(`creating the Glue table ${this.qualified(table)} failed: ${errorSummary(error)}`, {
            cause: error,
          });
        }
        // Created by another instance or an earlier run: its definition is the one to follow.
      }
    }
    try {
      const { Table } = await this.client.send(
        new GetTableCommand({ CatalogId: this.options.catalogId, DatabaseName: this.options.database, Name: table }),
      );
      if (!Table?.StorageDescriptor)
        throw new Error(
          `the Glue table ${this.qualified(table)} has no storage descriptor to copy into its partitions`,
        );
      const partitionKeys = (Table.PartitionKeys ?? []).map((key) => key.Name);
      if (partitionKeys.join(',') !== 'dt,hour') {
        throw new Error(
          `the Glue table ${this.qualified(table)} is partitioned by (${partitionKeys.join(', ')}), not (dt, hour)`,
        );
      }
      return Table.StorageDescriptor;
    } catch (error) {
      if (error instanceof EntityNotFoundException) {
        throw new Error(
          `the Glue table ${this.qualified(table)} does not exist: create it, or turn on table creation`,
          { cause: error },
        );
      }
      throw error;
    }
  }

  private ensureDatabase(): Promise<void> {
    this.database ??= (async () => {
      try {
        await this.client.send(
          new CreateDatabaseCommand({
            CatalogId: this.options.catalogId,
            DatabaseInput: { Name: this.options.database, Description: 'Bronze tables landed by strata ingest' },
          }),
        );
      } catch (error) {
        if (!(error instanceof AlreadyExistsException)) {
          this.database = undefined;
          throw new Error(`creating the Glue database '${this.options.database}' failed: ${errorSummary(error)}`, {
            cause: error,
          });
        }
      }
    })();
    return this.database;
  }

  private qualified(table: string): string {
    return `${this.options.database}.${table}`;
  }
}

/** A partition as Glue takes it: the table's storage, with the partition's own folder. */
function partitionInput(partition: LakePartition, storage: StorageDescriptor): PartitionInput {
  return {
    Values: [partition.dt, partition.hour],
    StorageDescriptor: { ...storage, Location: partition.location },
  };
}

function partitionKey(partition: LakePartition): string {
  return `${tableKeyPrefix(partition.table)}${partition.dt}\u0000${partition.hour}`;
}

function tableKeyPrefix(table: string): string {
  return `${table}\u0000`;
}

function valuesKey(values: string[]): string {
  return values.join('\u0000');
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : '';
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, got ${value}`);
  return value;
}

/** One table for {@link createGlueRegistrar}: its name, root folder and file format. */
export interface GlueTableSpec {
  table: string;
  location: string;
  format: BronzeFormat;
}

/** {@link GlueRegistrarOptions} with the tables listed and table creation as a switch. */
export interface GlueRegistrarSpec extends Omit<GlueRegistrarOptions, 'createTable' | 'createDatabase'> {
  /** create missing tables (and the database, unless `createDatabase` says otherwise) */
  createTable: boolean;
  createDatabase?: boolean;
  tables: GlueTableSpec[];
}

/** A registrar for a list of tables, as an ingest config describes them. */
export function createGlueRegistrar(spec: GlueRegistrarSpec): GlueRegistrar {
  const { tables, createTable, createDatabase, ...options } = spec;
  const formats = new Set(tables.map((table) => table.format));
  if (formats.size > 1)
    throw new Error(`the Glue tables of one registrar share a format, got ${[...formats].join(' and ')}`);
  const format = [...formats][0] ?? 'jsonl';
  return new GlueRegistrar({
    ...options,
    createDatabase: createDatabase ?? createTable,
    createTable: createTable
      ? { format, location: Object.fromEntries(tables.map((table) => [table.table, table.location])) }
      : undefined,
  });
}
