import type { Dialect } from '../adapters/contract.js';
import type { OffsetRange } from '../feed/commit-files.js';
import type { RelationName } from '../manifest/types.js';
import { TemplateRelation } from '../templating/relation.js';
import type { Deferral, DeferrableNode } from './deferral.js';
import type { BatchFilter } from './event-time-filter.js';

/** How `ref()` and `source()` read their relations in one invocation (`--defer`, `--empty`). */
export interface RelationReads {
  /** `--defer`: refs may read the state manifest's relations */
  deferral?: Deferral;
  /** `--empty`: every ref and source reads no rows, so the SQL is checked without data */
  empty?: boolean;
  /** a microbatch model's batch: refs and sources with `event_time` read only its window */
  batch?: BatchFilter;
  /** a commit-fed model's batch: its Bronze sources read exactly these files */
  feed?: FeedFiles;
  /** a ref-fed model's batch: what `feed_rows()` narrows its relations to */
  feedRows?: FeedRows;
}

/** The rows a ref-fed model has not seen (src/feed/CONTEXT.md "Models fed by their upstream"). */
export interface FeedRows {
  modelId: string;
  /** the topics a node's rows come from */
  topicsOf(nodeId: string): string[];
  /** topic -> offsets `[start, end)` per partition; a topic without any: no new rows */
  ranges: ReadonlyMap<string, ReadonlyArray<{ partition: number; start: number; end: number }>>;
}

/** The lake files each Bronze source of a commit-fed model reads in one batch (src/feed/CONTEXT.md). */
export interface FeedFiles {
  /** the commit-fed model's unique id: ephemeral parents compiled along with it read their sources whole */
  modelId: string;
  /** source unique id -> absolute paths of the files to read (none: no rows) */
  files: ReadonlyMap<string, readonly string[]>;
  /** source unique id -> the offset ranges to keep, where its files include compacted ones (feed/commit-files.ts) */
  ranges?: ReadonlyMap<string, readonly OffsetRange[]>;
}

/** The relation a `ref()` to `node` reads: its own, or the state's when deferred. */
export function refRelation(node: DeferrableNode, reads: RelationReads): RelationName {
  return reads.deferral?.relationOf(node) ?? node.relation;
}

/** A relation as a template reads it: its name, or with `--empty` a subquery of no rows. */
export function readRelation(relation: RelationName, dialect: Dialect, reads: RelationReads): TemplateRelation {
  if (!reads.empty) return TemplateRelation.of(relation, dialect);
  return new TemplateRelation(relation, dialect.emptyRead(dialect.renderRelation(relation), relation.identifier));
}
