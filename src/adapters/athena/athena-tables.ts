import { randomUUID } from 'node:crypto';
import type { Partition, Table } from '@aws-sdk/client-glue';
import type { RelationName } from '../../manifest/types.js';
import { normalizeSelect, STAGING_SUFFIX, withSuffix } from '../../materializations/plan-step.js';
import { diffColumns, planSchemaChange } from '../../materializations/schema-change.js';
import { SOURCE_ALIAS, TARGET_ALIAS } from '../base-dialect.js';
import type { CatalogWriteResult, IncrementalWrite, TableBuild } from '../catalog-tables.js';
import type { AthenaDialect } from './athena-dialect.js';
import type { AthenaGlue } from './athena-glue.js';
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
    const existing = await this.glue.getTable(relation);
    if (existing?.TableType === 'VIRTUAL_VIEW') await record(this.dialect.dropRelation(relation, 'view'));
    const replacing = existing !== undefined && existing.TableType !== 'VIRTUAL_VIEW';
    const target = replacing ? withSuffix(relation, STAGING_SUFFIX) : relation;
    if (replacing) await this.dropWithData(target, record, build.location);
    const built = await this.createTableAs(target, build, record);
    if (replacing) await this.swap(target, relation, existing, build.location);
    return { rowsAffected: built.updateCount, executedSql };
  }

  /**
   * Build the new rows beside the table, then: append them; or replace the partitions they
   * touch and insert them; or (merge, delete+insert) rebuild the table from the new rows
   * and the old rows whose key they do not have, swapped in like a table build.
   */
  async writeIncremental(write: IncrementalWrite, run: RunStatement): Promise<CatalogWriteResult> {
    const executedSql: string[] = [];
    const record: RunStatement = (sql) => (executedSql.push(sql), run(sql));
    const { relation } = write;
    const incoming = withSuffix(relation, INCOMING_SUFFIX);
    await this.dropWithData(incoming, record, write.location);
    const built = await this.createTableAs(incoming, write, record);
    try {
      const [existingColumns, newColumns] = [await this.glue.getColumns(relation), await this.glue.getColumns(incoming)];
      const change = planSchemaChange(this.dialect, relation, diffColumns(existingColumns, newColumns), write.onSchemaChange ?? 'ignore');
      for (const step of change.steps) await record(step.sql);
      if (write.strategy === 'merge' || write.strategy === 'delete+insert') {
        const selectSql = keepUnmatched(this.dialect, relation, incoming, change.columns, write.uniqueKey ?? []);
        const rebuilt = await this.replaceTable({ ...write, selectSql }, run);
        executedSql.push(...rebuilt.executedSql);
        return { rowsAffected: built.updateCount ?? 0, executedSql };
      }
      if (write.strategy === 'insert_overwrite') await this.dropPartitionsOf(relation, incoming, write.location);
      const inserted = await record(this.dialect.insertInto(relation, incoming, change.columns));
      return { rowsAffected: inserted.updateCount ?? 0, executedSql };
    } finally {
      await this.dropWithData(incoming, record, write.location);
    }
  }

  /** Drop a table and delete its data (a view just goes); data outside the data dir and `modelLocation` stays. */
  async dropWithData(relation: RelationName, run: RunStatement, modelLocation?: string): Promise<void> {
    const table = await this.glue.getTable(relation);
    if (!table) return;
    if (table.TableType === 'VIRTUAL_VIEW') {
      await run(this.dialect.dropRelation(relation, 'view'));
      return;
    }
    const partitions = table.PartitionKeys?.length ? await this.glue.partitions(relation) : [];
    await run(this.dialect.dropRelation(relation, 'table'));
    await this.deleteData(table, partitions, modelLocation);
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
   * columns, partition keys), its partitions are exchanged for the new build's, the
   * staging entry goes, and then the old data is deleted.
   */
  private async swap(staging: RelationName, target: RelationName, old: Table, modelLocation?: string): Promise<void> {
    const built = await this.glue.getTable(staging);
    if (!built) throw new Error(`the table just built, ${staging.schema}.${staging.identifier}, is missing from Glue`);
    const partitioned = (built.PartitionKeys?.length ?? 0) > 0 || (old.PartitionKeys?.length ?? 0) > 0;
    const oldPartitions = partitioned ? await this.glue.partitions(target) : [];
    const newPartitions = built.PartitionKeys?.length ? await this.glue.partitions(staging) : [];
    await this.glue.repoint(target, built);
    if (partitioned) {
      await this.glue.deletePartitions(target, oldPartitions);
      await this.glue.createPartitions(target, newPartitions);
    }
    await this.glue.deleteTable(staging);
    await this.deleteData(old, oldPartitions, modelLocation);
  }

  /** insert_overwrite: delete the target's partitions (entries and files) that the new rows have. */
  private async dropPartitionsOf(target: RelationName, staging: RelationName, modelLocation?: string): Promise<void> {
    const incoming = new Set((await this.glue.partitions(staging)).map((p) => JSON.stringify(p.Values ?? [])));
    // Unpartitioned: nothing to overwrite, the rows are appended (as dbt-athena does).
    if (incoming.size === 0) return;
    const replaced = (await this.glue.partitions(target)).filter((p) => incoming.has(JSON.stringify(p.Values ?? [])));
    await this.glue.deletePartitions(target, replaced);
    for (const partition of replaced) await this.deleteOwned(partition.StorageDescriptor?.Location, modelLocation);
  }

  private async deleteData(table: Table, partitions: readonly Partition[], modelLocation?: string): Promise<void> {
    const tableLocation = table.StorageDescriptor?.Location;
    await this.deleteOwned(tableLocation, modelLocation);
    for (const partition of partitions) {
      const location = partition.StorageDescriptor?.Location;
      if (location && !(tableLocation && location.startsWith(tableLocation))) await this.deleteOwned(location, modelLocation);
    }
  }

  // Only data under the data dir, or under the model's own `location`, is Strata's to
  // delete: a table registered by someone else keeps its files.
  private async deleteOwned(uri: string | undefined, modelLocation?: string): Promise<void> {
    const location = uri ? parseS3Uri(uri) : undefined;
    if (!location) return;
    const roots = [this.dataDir, modelLocation ? parseS3Uri(modelLocation) : undefined].filter((r): r is S3Location => !!r);
    const owned = roots.some((root) => location.bucket === root.bucket && location.prefix.startsWith(root.prefix) && location.prefix.length > root.prefix.length);
    if (owned) await this.s3.deletePrefix(location);
  }
}

/**
 * The rows of a merge or delete+insert on a table without MERGE or DELETE: every new row,
 * and every old row no new row shares a key with (NULL keys never match, as in MERGE).
 */
export function keepUnmatched(dialect: AthenaDialect, target: RelationName, incoming: RelationName, columns: string[], uniqueKey: string[]): string {
  const list = columns.map((c) => dialect.quoteIdentifier(c)).join(', ');
  const old = columns.map((c) => `${TARGET_ALIAS}.${dialect.quoteIdentifier(c)}`).join(', ');
  const match = uniqueKey.map((k) => `${SOURCE_ALIAS}.${dialect.quoteIdentifier(k)} = ${TARGET_ALIAS}.${dialect.quoteIdentifier(k)}`).join(' AND ');
  return [
    `SELECT ${list} FROM ${dialect.renderRelation(incoming)}`,
    'UNION ALL',
    `SELECT ${old} FROM ${dialect.renderRelation(target)} AS ${TARGET_ALIAS}`,
    `WHERE NOT EXISTS (SELECT 1 FROM ${dialect.renderRelation(incoming)} AS ${SOURCE_ALIAS} WHERE ${match})`,
  ].join('\n');
}
