import { randomUUID } from 'node:crypto';
import type { Partition, Table } from '@aws-sdk/client-glue';
import { isBelow } from '../../config/location-keys.js';
import type { RelationName } from '../../manifest/types.js';
import { normalizeSelect, STAGING_SUFFIX, withSuffix } from '../../materializations/plan-step.js';
import { keyColumns } from '../../materializations/plan-incremental.js';
import { diffColumns, planSchemaChange } from '../../materializations/schema-change.js';
import { SOURCE_ALIAS, TARGET_ALIAS } from '../base-dialect.js';
import type { CatalogWriteResult, IncrementalWrite, TableBuild } from '../catalog-tables.js';
import type { ColumnDescription } from '../contract.js';
import type { AthenaDialect } from './athena-dialect.js';
import { tableColumns, type AthenaGlue } from './athena-glue.js';
import type { AthenaQueryResult } from './athena-query.js';
import type { AthenaS3 } from './athena-s3.js';
import { parseS3Uri, s3Uri, type S3Location } from './athena-settings.js';

/** Where an incremental run's new rows are built, beside the table (its own swap uses `__strata_tmp`). */
export const INCOMING_SUFFIX = '__strata_incoming';

/** Runs one statement, recording it. */
export type RunStatement = (sql: string) => Promise<AthenaQueryResult>;

/**
 * Athena tables as S3 data plus a Glue entry. Every build is a CTAS into a fresh prefix,
 * `<data dir>/<schema>/<table>/<build id>/`; replacing a table repoints its Glue entry at
 * the new build in one UpdateTable (readers see the old rows or the new, never none), and
 * only then is the old data deleted. Only data under the target's data dir is ever deleted.
 */
export class AthenaTables {
  constructor(
    private readonly dialect: AthenaDialect,
    private readonly glue: AthenaGlue,
    private readonly s3: AthenaS3,
    private readonly dataDir: S3Location,
  ) {}

  /** Build `relation` at a fresh location; swap it in for the table that exists. */
  async replaceTable(build: TableBuild, run: RunStatement): Promise<CatalogWriteResult> {
    const executedSql: string[] = [];
    const record: RunStatement = (sql) => (executedSql.push(sql), run(sql));
    const { relation } = build;
    const existing = await this.readTable(relation);
    if (existing?.table.TableType === 'VIRTUAL_VIEW') await record(this.dialect.dropRelation(relation, 'view'));
    const replacing = existing !== undefined && existing.table.TableType !== 'VIRTUAL_VIEW' ? existing : undefined;
    const target = replacing ? withSuffix(relation, STAGING_SUFFIX) : relation;
    // A staging entry left by an interrupted swap can point at the live data: that data stays.
    if (replacing) await this.dropWithData(target, record, build.location, locationsIn(replacing));
    const built = await this.createTableAs(target, build, record);
    if (replacing) await this.swap(target, relation, replacing, build.location);
    return { rowsAffected: built.updateCount, executedSql };
  }

  /**
   * Build the new rows beside the table, then: append them; or make the partitions they
   * touch the table's; or (merge, delete+insert) rebuild the table from the new rows and
   * the old rows whose key they do not have, swapped in like a table build.
   */
  async writeIncremental(write: IncrementalWrite, run: RunStatement): Promise<CatalogWriteResult> {
    const executedSql: string[] = [];
    const record: RunStatement = (sql) => (executedSql.push(sql), run(sql));
    const { relation } = write;
    const incoming = withSuffix(relation, INCOMING_SUFFIX);
    const live = await this.readTable(relation);
    const liveData = live ? locationsIn(live) : [];
    await this.dropWithData(incoming, record, write.location, liveData);
    const built = await this.createTableAs(incoming, write, record);
    try {
      const existingColumns = live ? tableColumns(live.table) : [];
      const arriving = await this.readTable(incoming);
      const newColumns = arriving ? tableColumns(arriving.table) : [];
      const change = planSchemaChange(
        this.dialect,
        relation,
        diffColumns(existingColumns, newColumns),
        write.onSchemaChange ?? 'ignore',
      );
      for (const step of change.steps) await record(step.sql);
      // The ALTERs changed the table's columns (its partitions stay as they were).
      const table = change.steps.length > 0 ? await this.glue.getTable(relation) : live?.table;
      const columns = table ? tableColumns(table) : existingColumns;
      if (write.strategy === 'merge' || write.strategy === 'delete+insert') {
        const uniqueKey = keyColumns(write.uniqueKey ?? [], change.columns, relation);
        const selectSql = keepUnmatched(
          this.dialect,
          relation,
          incoming,
          columns,
          newColumns.map((c) => c.name),
          uniqueKey,
        );
        const rebuilt = await this.replaceTable({ ...write, selectSql }, run);
        executedSql.push(...rebuilt.executedSql);
        return { rowsAffected: built.updateCount ?? 0, executedSql };
      }
      // Unpartitioned, insert_overwrite appends (as dbt-athena does).
      if (write.strategy === 'insert_overwrite' && table && live && arriving && arriving.partitions.length > 0) {
        const replaced = withValuesOf(live.partitions, arriving.partitions);
        if (sameColumns(columns, newColumns)) {
          await this.adoptPartitions(relation, table, replaced, arriving.partitions, write.location);
          await this.glue.deleteTable(incoming);
          return { rowsAffected: built.updateCount ?? 0, executedSql };
        }
        // The new rows' columns differ from the table's: their files cannot become its partitions as they are.
        await this.glue.deletePartitions(relation, replaced);
        for (const partition of replaced) await this.deleteOwned(partition.StorageDescriptor?.Location, write.location);
      }
      const inserted = await record(this.dialect.insertInto(relation, incoming, change.columns));
      return { rowsAffected: inserted.updateCount ?? 0, executedSql };
    } finally {
      // A failed cleanup must not hide the outcome; the next run drops the leftover first.
      await this.dropWithData(incoming, record, write.location, liveData).catch(() => undefined);
    }
  }

  /**
   * Drop a table and delete its data (a view just goes); data outside the data dir and
   * `modelLocation`, and data under a `keep` location (still read by another table), stays.
   */
  async dropWithData(
    relation: RelationName,
    run: RunStatement,
    modelLocation?: string,
    keep: readonly S3Location[] = [],
  ): Promise<void> {
    const stored = await this.readTable(relation);
    if (!stored) return;
    if (stored.table.TableType === 'VIRTUAL_VIEW') {
      await run(this.dialect.dropRelation(relation, 'view'));
      return;
    }
    await run(this.dialect.dropRelation(relation, 'table'));
    await this.deleteData(stored, modelLocation, keep);
  }

  /** A table's Glue entry and its partitions, read once for all an operation does with them. */
  private async readTable(relation: RelationName): Promise<StoredTable | undefined> {
    const table = await this.glue.getTable(relation);
    if (!table) return undefined;
    return { table, partitions: table.PartitionKeys?.length ? await this.glue.partitions(relation) : [] };
  }

  /** A fresh, empty prefix for one build of `relation` (or under the model's own `location`). */
  newLocation(relation: RelationName, base?: string): S3Location {
    const root = (base !== undefined ? parseS3Uri(base) : undefined) ?? {
      bucket: this.dataDir.bucket,
      prefix: `${this.dataDir.prefix}${relation.schema.toLowerCase()}/${relation.identifier.toLowerCase()}/`,
    };
    return { bucket: root.bucket, prefix: `${root.prefix}${randomUUID()}/` };
  }

  private async createTableAs(target: RelationName, build: TableBuild, run: RunStatement): Promise<AthenaQueryResult> {
    const location = this.newLocation(build.relation, build.location);
    const sql = this.dialect.createTableAs(target, normalizeSelect(build.selectSql), {
      partitionBy: build.partitionBy,
      extra: { location: s3Uri(location) },
    });
    try {
      return await run(sql);
    } catch (error) {
      // A failed CTAS can leave files behind; the prefix is this build's alone.
      await this.s3.deletePrefix(location).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Make `target` the table built as `staging`: one UpdateTable repoints it (location,
   * columns, partition keys), the staging entry goes, its partitions are exchanged for the
   * new build's, and then the old data is deleted.
   */
  private async swap(
    staging: RelationName,
    target: RelationName,
    old: StoredTable,
    modelLocation?: string,
  ): Promise<void> {
    const built = await this.readTable(staging);
    if (!built) throw new Error(`the table just built, ${staging.schema}.${staging.identifier}, is missing from Glue`);
    await this.glue.repoint(target, built.table);
    // From here the staging entry names the live data too: it goes before anything can fail.
    await this.glue.deleteTable(staging);
    if (samePartitionKeys(old.table, built.table)) {
      await this.exchangePartitions(target, old.partitions, built.partitions);
    } else {
      await this.glue.deletePartitions(target, old.partitions);
      await this.glue.createPartitions(target, built.partitions);
    }
    await this.deleteData(old, modelLocation, locationsIn(built));
  }

  /**
   * Partitions of the same keys, old for new, so that no partition is ever missing:
   * new values are created and shared ones repointed before the ones gone are deleted.
   */
  private async exchangePartitions(
    target: RelationName,
    oldPartitions: readonly Partition[],
    newPartitions: readonly Partition[],
  ): Promise<void> {
    const repointed = new Set(withValuesOf(newPartitions, oldPartitions));
    const staying = new Set(withValuesOf(oldPartitions, newPartitions));
    await this.glue.createPartitions(
      target,
      newPartitions.filter((p) => !repointed.has(p)),
    );
    await this.glue.updatePartitions(target, [...repointed]);
    await this.glue.deletePartitions(
      target,
      oldPartitions.filter((p) => !staying.has(p)),
    );
  }

  /**
   * insert_overwrite: the new build's partitions become the table's (repointed or added
   * in Glue, so a partition is never missing or half-written), then the replaced
   * partitions' old files are deleted.
   */
  private async adoptPartitions(
    target: RelationName,
    table: Table,
    replaced: readonly Partition[],
    arriving: readonly Partition[],
    modelLocation?: string,
  ): Promise<void> {
    // Each partition keeps the table's own storage format; only its location is the build's.
    const adopted = arriving.map((p) => ({
      ...p,
      StorageDescriptor: { ...table.StorageDescriptor, Location: p.StorageDescriptor?.Location },
    }));
    await this.exchangePartitions(target, replaced, adopted);
    const kept = locationsIn({ partitions: adopted });
    for (const partition of replaced)
      await this.deleteOwned(partition.StorageDescriptor?.Location, modelLocation, kept);
  }

  private async deleteData(
    { table, partitions }: StoredTable,
    modelLocation: string | undefined,
    keep: readonly S3Location[],
  ): Promise<void> {
    const tableLocation = table.StorageDescriptor?.Location;
    await this.deleteOwned(tableLocation, modelLocation, keep);
    for (const partition of partitions) {
      const location = partition.StorageDescriptor?.Location;
      if (location && !(tableLocation && location.startsWith(tableLocation)))
        await this.deleteOwned(location, modelLocation, keep);
    }
  }

  // Only data strictly below the data dir, or below the model's own `location` (checked
  // at parse time not to hold a source's or another model's), is Strata's to delete: a
  // table registered by someone else keeps its files.
  private async deleteOwned(
    uri: string | undefined,
    modelLocation: string | undefined,
    keep: readonly S3Location[] = [],
  ): Promise<void> {
    const location = uri ? parseS3Uri(uri) : undefined;
    if (!location) return;
    const own = modelLocation ? parseS3Uri(modelLocation) : undefined;
    // A whole bucket is never a model's own (refused at parse time; kept out here as well).
    const roots = own && own.prefix !== '' ? [this.dataDir, own] : [this.dataDir];
    const owned = roots.some((root) => isBelow(s3Uri(location), s3Uri(root)));
    if (owned) await this.s3.deletePrefix(location, keep);
  }
}

/**
 * The rows of a merge or delete+insert on a table without MERGE or DELETE: every new row,
 * and every old row no new row shares a key with (NULL keys never match, as in MERGE).
 * The result has every column of the table (partition columns last, as CTAS needs); a
 * column the new rows lack is NULL in them, so old rows keep theirs.
 */
export function keepUnmatched(
  dialect: AthenaDialect,
  target: RelationName,
  incoming: RelationName,
  tableColumns: readonly ColumnDescription[],
  incomingColumns: readonly string[],
  uniqueKey: string[],
): string {
  const has = new Set(incomingColumns.map((c) => c.toLowerCase()));
  const q = (name: string) => dialect.quoteIdentifier(name);
  const fresh = tableColumns
    .map((c) => (has.has(c.name.toLowerCase()) ? q(c.name) : `CAST(NULL AS ${c.dataType}) AS ${q(c.name)}`))
    .join(', ');
  const old = tableColumns.map((c) => `${TARGET_ALIAS}.${q(c.name)}`).join(', ');
  const match = uniqueKey.map((k) => `${SOURCE_ALIAS}.${q(k)} = ${TARGET_ALIAS}.${q(k)}`).join(' AND ');
  return [
    `SELECT ${fresh} FROM ${dialect.renderRelation(incoming)}`,
    'UNION ALL',
    `SELECT ${old} FROM ${dialect.renderRelation(target)} AS ${TARGET_ALIAS}`,
    `WHERE NOT EXISTS (SELECT 1 FROM ${dialect.renderRelation(incoming)} AS ${SOURCE_ALIAS} WHERE ${match})`,
  ].join('\n');
}

/** A table's Glue entry with its partitions. */
interface StoredTable {
  table: Table;
  partitions: Partition[];
}

/** The S3 locations a table (or only a set of partitions) is read from. */
function locationsIn({ table, partitions }: { table?: Table; partitions: readonly Partition[] }): S3Location[] {
  const uris = [table?.StorageDescriptor?.Location, ...partitions.map((p) => p.StorageDescriptor?.Location)];
  return uris.map((uri) => (uri ? parseS3Uri(uri) : undefined)).filter((l): l is S3Location => l !== undefined);
}

/** The partitions of `partitions` whose values one of `others` has too. */
function withValuesOf(partitions: readonly Partition[], others: readonly Partition[]): Partition[] {
  const values = (p: Partition) => JSON.stringify(p.Values ?? []);
  const wanted = new Set(others.map(values));
  return partitions.filter((p) => wanted.has(values(p)));
}

function samePartitionKeys(a: Table, b: Table): boolean {
  const names = (t: Table) => (t.PartitionKeys ?? []).map((k) => k.Name?.toLowerCase()).join(',');
  return names(a) === names(b) && names(a) !== '';
}

/** The same column names with the same types, in any order (Parquet columns are read by name). */
function sameColumns(a: readonly ColumnDescription[], b: readonly ColumnDescription[]): boolean {
  const shape = (columns: readonly ColumnDescription[]) =>
    columns
      .map((c) => `${c.name.toLowerCase()} ${c.dataType.toLowerCase()}`)
      .sort()
      .join(',');
  return shape(a) === shape(b);
}
