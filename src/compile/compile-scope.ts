import { isAbsolute, resolve } from 'node:path';
import { readsExternalSources } from '../adapters/external-source.js';
import { restrictsRelationToFiles } from '../adapters/file-restricted-source.js';
import { compactedTableFiles, lakeFileMatcher } from '../compacted-lake/compacted-table-files.js';
import type { Manifest, ModelNode, SeedNode, SourceNode } from '../manifest/types.js';
import { findSource } from '../manifest/source-index.js';
import type { ParseContext } from '../parser/parse-context.js';
import type { DbtRenderState } from '../templating/dbt-context/render-state.js';
import type { RenderScope } from '../templating/render-scope.js';
import type { TemplateRelation } from '../templating/relation.js';
import { readRelation, refRelation, type RelationReads } from './relation-reads.js';
import { filteredRead } from './event-time-filter.js';
import { feedRead, feedRelationRead } from './feed-read.js';
import { StrataError } from '../errors/strata-error.js';

/** The name an ephemeral model takes inside the CTEs of the models that use it. */
export function ephemeralCteName(name: string): string {
  return `__strata_cte__${name}`;
}

/**
 * The scope of a compile-time render: `ref` and `source` return the real relations
 * (ephemeral models become CTE names, lake sources become file readers on DuckDB),
 * `this` is the node's own relation, `is_incremental()` is decided by the runner.
 */
export class CompileScope implements RenderScope {
  readonly self: TemplateRelation;
  readonly target: Record<string, unknown>;
  /** ephemeral models this render referred to, by unique id */
  readonly ephemerals = new Set<string>();

  constructor(
    private readonly ctx: ParseContext,
    private readonly manifest: Manifest,
    readonly file: string,
    self: TemplateRelation,
    private readonly incremental: boolean,
    /** dbt's context: `execute` is true, introspective calls ask the warehouse */
    readonly dbt?: DbtRenderState,
    /** `--defer` and `--empty` */
    private readonly reads: RelationReads = {},
  ) {
    this.self = self;
    this.target = ctx.targetContext;
  }

  get dialect() {
    return this.ctx.dialect;
  }

  ref(name: string): TemplateRelation | string {
    const node = this.manifest.nodes.get(this.manifest.refIndex.get(name) ?? '') as ModelNode | SeedNode;
    if (node.resourceType === 'model' && node.config.materialized === 'ephemeral') {
      this.ephemerals.add(node.uniqueId);
      // as dbt: an ephemeral parent with `event_time` is filtered like any other parent (its
      // CTE, not the refs inside it, which may read more than the window to compute it)
      return this.inBatch(node, ephemeralCteName(node.name));
    }
    return this.inBatch(node, readRelation(refRelation(node, this.reads), this.dialect, this.reads));
  }

  /**
   * `feed_rows('model')`: in a ref-fed model's batch, the rows of `model` from the offsets the
   * batch covers (by its `partition` and `offset` columns); otherwise the whole relation, as `ref`.
   */
  feedRows(name: string, columns: { partition: string; offset: string }): TemplateRelation | string {
    const read = this.ref(name);
    const rows = this.reads.feedRows;
    if (!rows) return read;
    const id = this.manifest.refIndex.get(name) ?? '';
    const [topic, ...more] = rows.topicsOf(id);
    if (topic === undefined || more.length > 0) {
      throw new StrataError(
        `feed_rows('${name}'): its rows come from ${topic === undefined ? 'no topic' : 'more than one topic'}`,
        {
          hint:
            'feed_rows() narrows a model whose rows come from one topic through commit-fed models ' +
            '(e.g. a Bronze base table and the models on it): give it such a model.',
        },
      );
    }
    return `(select * from ${String(read)} where ${offsetCondition(rows.ranges.get(topic) ?? [], columns)})`;
  }

  source(sourceName: string, tableName: string): TemplateRelation | string {
    // the context of the node's package: its project is the node's package
    const id = findSource(this.manifest, this.ctx.project.name, sourceName, tableName);
    const source = this.manifest.sources.get(id ?? '') as SourceNode;
    return this.inBatch(source, renderSource(source, this.ctx, this.reads));
  }

  /** In a microbatch model's batch, a parent with `event_time` reads only the batch's window. */
  private inBatch(parent: ModelNode | SeedNode | SourceNode, read: TemplateRelation | string) {
    const { batch } = this.reads;
    const eventTime = parent.config.eventTime;
    if (!batch || eventTime === undefined) return read;
    return filteredRead(this.dialect, parent.relation, read, eventTime, batch.window);
  }

  config(): void {
    // config() was read at parse time; at compile it only renders as nothing.
  }

  variable(name: string, defaultValue?: unknown): unknown {
    return this.ctx.variables.resolve(name, defaultValue, this.file);
  }

  envVar(name: string, defaultValue?: string): string {
    return this.ctx.variables.envVar(name, defaultValue, this.file);
  }

  isIncremental(): boolean {
    return this.incremental;
  }
}

/** Rows within `ranges`; the lowest start first on its own, so DuckDB can skip older row groups by it. */
function offsetCondition(
  ranges: ReadonlyArray<{ partition: number; start: number; end: number }>,
  columns: { partition: string; offset: string },
): string {
  if (ranges.length === 0) return 'false';
  const { partition, offset } = columns;
  const each = ranges.map(
    (range) => `(${partition} = ${range.partition} and ${offset} >= ${range.start} and ${offset} < ${range.end})`,
  );
  const lowest = Math.min(...ranges.map((range) => range.start));
  return `${offset} >= ${lowest} and (${each.join(' or ')})`;
}

/** How a source reads in SQL: a file reader over the lake where the dialect can, else its relation. */
export function renderSource(
  source: SourceNode,
  ctx: ParseContext,
  reads: RelationReads = {},
): TemplateRelation | string {
  const { dialect } = ctx;
  if (source.external && readsExternalSources(dialect) && !source.external.location.startsWith('s3://')) {
    const location = isAbsolute(source.external.location)
      ? source.external.location
      : resolve(ctx.project.rootDir, source.external.location);
    const feedFiles = reads.feed?.files.get(source.uniqueId);
    if (feedFiles) {
      const whole = dialect.readExternalSource(source.external, location);
      if (feedFiles.length === 0 || reads.empty) return dialect.emptyRead(whole, source.relation.identifier);
      const ranges = reads.feed?.ranges?.get(source.uniqueId);
      return feedRead(dialect, source.external, location, feedFiles, ranges);
    }
    // A compacted table is read through the files of its current generations, never a glob.
    const files = source.external.fileGlob
      ? undefined
      : compactedTableFiles(location, source.external.partitions.length, lakeFileMatcher(source.external.format));
    const reader = dialect.readExternalSource(source.external, location, files);
    return reads.empty ? dialect.emptyRead(reader, source.relation.identifier) : reader;
  }
  const feedFiles = reads.feed?.files.get(source.uniqueId);
  if (feedFiles && restrictsRelationToFiles(dialect)) {
    const relation = readRelation(source.relation, dialect, reads).toString();
    if (reads.empty) return relation;
    return feedRelationRead(dialect, source, relation, feedFiles, reads.feed?.ranges?.get(source.uniqueId));
  }
  return readRelation(source.relation, dialect, reads);
}
