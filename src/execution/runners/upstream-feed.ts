/**
 * What a ref-fed model follows (src/feed/CONTEXT.md "Models fed by their upstream"): a
 * commit-fed model that reads no Bronze source follows the commit-fed models upstream of it
 * (its feeders: the nearest ones, through views, ephemerals and tables). Their cursors in the
 * warehouse say how far each topic partition is in their rows, so the offsets between this
 * model's cursor and theirs are exactly the rows it has not seen: no commit record is read.
 */
import type { Connection, Dialect } from '../../adapters/contract.js';
import type { FeedCursor } from '../../feed/commit-feed-reader.js';
import type { OffsetRange } from '../../feed/commit-files.js';
import { hasTableCatalog } from '../../adapters/table-catalog.js';
import { catalogCursor } from '../../feed/catalog-feed-state.js';
import { cursorFromRows, selectState, stateRelation } from '../../feed/feed-state.js';
import type { ModelNode } from '../../manifest/types.js';
import { feedTopicOf } from '../../watch/feed-topics.js';
import type { RunContext } from '../run-context.js';

/** The feeders of a ref-fed model and the topic each node upstream of it descends from. */
export interface UpstreamFeed {
  feeders: ModelNode[];
  /** the topics whose records a node's rows come from (through commit-fed models) */
  topicsOf(nodeId: string): string[];
}

/** True for an incremental model fed by the commit feed (incremental_strategy: commit_feed). */
export function isCommitFed(node: ModelNode): boolean {
  return node.config.materialized === 'incremental' && node.config.incrementalStrategy === 'commit_feed';
}

/** The topics of the lake sources (local or `s3://`) `node` reads directly (none: it is not Bronze-fed). */
export function bronzeTopics(ctx: RunContext, node: ModelNode): string[] {
  const { session } = ctx;
  const topics = new Set<string>();
  for (const id of node.dependsOn) {
    const source = session.parsed.manifest.sources.get(id);
    const fed = source && feedTopicOf(session, source);
    if (fed) topics.add(fed.topic);
  }
  return [...topics].sort();
}

/** The commit-fed models upstream of `node` and the topics of every node on the way. */
export function upstreamFeed(ctx: RunContext, node: ModelNode): UpstreamFeed {
  const { nodes } = ctx.session.parsed.manifest;
  const topics = new Map<string, string[]>();
  const topicsOf = (id: string): string[] => {
    const known = topics.get(id);
    if (known) return known;
    const model = nodes.get(id);
    if (model?.resourceType !== 'model') return [];
    topics.set(id, []); // a cycle cannot happen in a parsed graph; this only stops re-entry
    const bronze = isCommitFed(model) ? bronzeTopics(ctx, model) : [];
    const found = bronze.length > 0 ? bronze : [...new Set(model.dependsOn.flatMap(topicsOf))].sort();
    topics.set(id, found);
    return found;
  };
  const feeders = new Map<string, ModelNode>();
  const visit = (id: string) => {
    const parent = nodes.get(id);
    if (parent?.resourceType !== 'model' || feeders.has(id)) return;
    if (isCommitFed(parent)) feeders.set(id, parent);
    else parent.dependsOn.forEach(visit);
  };
  node.dependsOn.forEach(visit);
  return { feeders: [...feeders.values()], topicsOf };
}

/**
 * How far every feeder is: per topic partition, the smallest cursor among the feeders of its
 * topic (a feeder without the partition counts as 0), so every offset below it is in each of them.
 */
export async function upstreamBound(connection: Connection, dialect: Dialect, feed: UpstreamFeed): Promise<FeedCursor> {
  const bound: FeedCursor = new Map();
  const cursors: Array<{ topics: string[]; cursor: FeedCursor }> = [];
  for (const feeder of feed.feeders) {
    if (hasTableCatalog(connection)) {
      const cursor = await catalogCursor(connection.tableCatalog, feeder.relation, feeder.uniqueId);
      cursors.push({ topics: feed.topicsOf(feeder.uniqueId), cursor });
      continue;
    }
    const sql = selectState(dialect, feeder.relation, feeder.uniqueId);
    const rows = await connection.query(sql).catch(async (error: unknown) => {
      // a feeder never built has no state table yet
      if (await stateTableMissing(connection, dialect, feeder)) return { rows: [] };
      throw error;
    });
    cursors.push({ topics: feed.topicsOf(feeder.uniqueId), cursor: cursorFromRows(rows.rows) });
  }
  for (const { cursor } of cursors) for (const key of cursor.keys()) bound.set(key, Number.POSITIVE_INFINITY);
  for (const key of bound.keys()) {
    const topic = key.slice(0, key.lastIndexOf('/'));
    for (const { topics, cursor } of cursors) {
      if (topics.includes(topic)) bound.set(key, Math.min(bound.get(key)!, cursor.get(key) ?? 0));
    }
  }
  return bound;
}

async function stateTableMissing(connection: Connection, dialect: Dialect, feeder: ModelNode): Promise<boolean> {
  const relation = stateRelation(feeder.relation);
  const columns = await connection.getColumns(relation).catch(() => []);
  return columns.length === 0;
}

/** The offsets between `cursor` and `bound`, per topic; empty when there is nothing new. */
export function rangesBetween(cursor: FeedCursor, bound: FeedCursor): Map<string, OffsetRange[]> {
  const ranges = new Map<string, OffsetRange[]>();
  for (const [key, end] of bound) {
    const slash = key.lastIndexOf('/');
    const topic = key.slice(0, slash);
    const start = cursor.get(key) ?? 0;
    if (end <= start) continue;
    ranges.set(topic, [...(ranges.get(topic) ?? []), { partition: Number(key.slice(slash + 1)), start, end }]);
  }
  return ranges;
}

/** True when the feeders hold less than `cursor` says this model read: they were rebuilt from a new feed. */
export function feedersRewound(cursor: FeedCursor, bound: FeedCursor): boolean {
  for (const [key, end] of cursor) if ((bound.get(key) ?? 0) < end) return true;
  return false;
}
