/**
 * A commit-fed model (`incremental_strategy: commit_feed`, src/feed/CONTEXT.md) runs one
 * batch: the commits of its Bronze sources' topics after the cursor stored in the
 * warehouse, read as exactly their files, applied with the cursor in one transaction (on
 * Athena: one catalog update). The first run (or a full refresh) builds from every commit.
 */
import type { Connection } from '../../adapters/contract.js';
import { readsExternalSources } from '../../adapters/external-source.js';
import { restrictsRelationToFiles } from '../../adapters/file-restricted-source.js';
import { writeCompiledSql } from '../../artifacts/write-artifacts.js';
import type { CompiledSql } from '../../compile/compiled-sql.js';
import type { FeedFiles } from '../../compile/relation-reads.js';
import { StrataError } from '../../errors/strata-error.js';
import { nextCommitBatch } from '../../feed/commit-batch.js';
import { resolveCatalogCommitFiles } from '../../feed/catalog-commit-files.js';
import { resolveCommitFiles, type CommitFiles, type OffsetRange } from '../../feed/commit-files.js';
import { CommitFeedReader, cursorKey } from '../../feed/commit-feed-reader.js';
import type { CommitRecord } from '../../feed/commit-record.js';
import { isS3Root, openFeedStore } from '../../feed/open-feed-store.js';
import { commitsOverlapping, windowsToReaggregate } from '../../feed/feed-windows.js';
import type { ModelNode, SourceNode } from '../../manifest/types.js';
import { feedTopicOf, lakeTopicOf } from '../../watch/feed-topics.js';
import { introspectionOn } from '../introspection-queries.js';
import { nodeFailure } from '../node-failure.js';
import type { NodeExecution, RunContext } from '../run-context.js';
import { applyFeedBatch, storedCursor } from './apply-feed-batch.js';
import { runRefFedModel } from './ref-fed-model.js';
import { bronzeTopics, isCommitFed, upstreamFeed } from './upstream-feed.js';

export { isCommitFed };

/** The lake a commit-fed model follows: its root, and topic -> the sources reading it. */
interface ModelFeed {
  root: string;
  sources: Map<string, SourceNode[]>;
}

/** Run the model's next batch between its hooks (a model reading no Bronze source follows its feeders). */
export async function runCommitFedModel(
  ctx: RunContext,
  node: ModelNode,
  connection: Connection,
): Promise<NodeExecution> {
  if (bronzeTopics(ctx, node).length === 0 && upstreamFeed(ctx, node).feeders.length > 0) {
    return runRefFedModel(ctx, node, connection);
  }
  const compileStartedAt = new Date();
  const { dialect } = ctx.session;
  const feed = modelFeed(ctx, node);
  const reader = readerOf(ctx, feed.root);
  const topics = [...feed.sources.keys()].sort();
  const { relation, config } = node;

  const stored = await storedCursor(connection, dialect, relation, node.uniqueId);
  const exists = ctx.relations.get(relation)?.kind === 'table';
  const fullRefresh = config.fullRefresh ?? ctx.fullRefresh;
  const incremental = exists && !fullRefresh && stored.size > 0;
  const batch = await nextCommitBatch(reader, topics, incremental ? stored : new Map());
  if (incremental && !batch) {
    return { status: 'success', adapterMessage: 'NO NEW COMMITS', rowsAffected: 0, compileStartedAt };
  }
  const commits = batch?.commits ?? [];
  if (!incremental) await requireRecords(node, feed, reader, commits);
  const nextCursor = batch?.nextCursor ?? new Map<string, number>();

  // `--empty` writes no rows and moves no cursor (a full build's stays empty, so the next run builds in full)
  const noRows = ctx.compiler.readsNoRows;
  const cursorAfterEmpty = incremental ? stored : new Map<string, number>();
  const windows =
    incremental && !noRows && config.eventTime !== undefined
      ? windowsToReaggregate(commits, config.batchSize ?? 'day', config.lookback)
      : [];
  let windowCommits: CommitRecord[] = [];
  if (windows.length > 0) {
    const upToBatch = (await reader.after(topics, new Map())).filter(
      (commit) => commit.end_offset <= (nextCursor.get(cursorKey(commit.topic, commit.partition)) ?? 0),
    );
    windowCommits = commitsOverlapping(upToBatch, windows);
  }

  let compiled: CompiledSql | undefined;
  let windowsSql: string | undefined;
  try {
    const run = introspectionOn(async () => connection);
    compiled = await ctx.compiler.compileFeedSqlWith(node, incremental, await filesOf(ctx, node, feed, commits), run);
    if (windows.length > 0) {
      const files = await filesOf(ctx, node, feed, windowCommits);
      windowsSql = (await ctx.compiler.compileFeedSqlWith(node, incremental, files, run)).sql;
    }
    await writeCompiledSql(ctx.targetDir, node, compiled.sql);
  } catch (error) {
    throw await nodeFailure(ctx, node, compiled, error);
  }
  const compileCompletedAt = new Date();
  const execution = await applyFeedBatch(ctx, node, connection, {
    compiled: compiled!,
    windowsSql,
    windows,
    incremental,
    nextCursor: noRows ? cursorAfterEmpty : nextCursor,
  });
  const described = `${execution.adapterMessage} (${commits.length} commit${commits.length === 1 ? '' : 's'})`;
  return { ...execution, adapterMessage: described, compileStartedAt, compileCompletedAt };
}

/**
 * One caching reader per lake for the life of the process: re-aggregated windows read the
 * feed from its start, and under `--watch` each record is then read once. A lake on S3 is
 * read with an S3 client set up like the target's (`open-feed-store.ts`).
 */
const readers = new Map<string, CommitFeedReader>();
function readerOf(ctx: RunContext, root: string): CommitFeedReader {
  const reader = readers.get(root) ?? new CommitFeedReader(openFeedStore(root, ctx.session.target).store, true);
  readers.set(root, reader);
  return reader;
}

/**
 * The lake and topics of the model's Bronze sources: the sources it reads directly whose
 * `external` location is a topic folder of a lake (one lake per model). DuckDB reads a local
 * lake's files in place; a warehouse reading sources through catalog tables restricted to
 * files (Athena) follows a lake on S3.
 */
function modelFeed(ctx: RunContext, node: ModelNode): ModelFeed {
  const { session } = ctx;
  const fail = (message: string, hint: string): never => {
    throw new StrataError(`Commit-fed model ${node.name}: ${message}`, { location: node.origin, hint });
  };
  const inPlace = readsExternalSources(session.dialect);
  if (!inPlace && !restrictsRelationToFiles(session.dialect)) {
    fail(
      `${session.dialect.name} can read neither lake files in place nor a source table restricted to files`,
      'incremental_strategy: commit_feed runs on DuckDB over a local lake and on Athena over a lake on S3; ' +
        'use microbatch or merge elsewhere.',
    );
  }
  const feeds = new Map<string, ModelFeed>();
  for (const id of node.dependsOn) {
    const source = session.parsed.manifest.sources.get(id);
    const fed = source && (inPlace ? lakeTopicOf(session, source) : feedTopicOf(session, source));
    if (!source || !fed || isS3Root(fed.root) === inPlace) continue;
    const feed = feeds.get(fed.root) ?? { root: fed.root, sources: new Map<string, SourceNode[]>() };
    feed.sources.set(fed.topic, [...(feed.sources.get(fed.topic) ?? []), source]);
    feeds.set(fed.root, feed);
  }
  const [only, ...more] = [...feeds.values()];
  if (!only) {
    const lake = inPlace ? 'a local lake' : 'a lake on S3';
    return fail(
      `it reads no source of ${lake}`,
      "Read the Bronze source directly (`{{ source('bronze', 'orders') }}`), with an `external` location " +
        `<lake>/<topic> in ${lake} the ingester writes with \`commit_feed: true\`.`,
    );
  }
  if (more.length > 0) fail('its sources are in more than one lake', 'Read the topics of one lake root per model.');
  return only;
}

/**
 * A full build reads the files the feed lists. A topic folder holding files while its feed
 * has no record (a lake written before `commit_feed: true`, or by hand) would build an
 * empty model without a word: refuse it instead.
 */
async function requireRecords(
  node: ModelNode,
  feed: ModelFeed,
  reader: CommitFeedReader,
  commits: readonly CommitRecord[],
): Promise<void> {
  for (const topic of feed.sources.keys()) {
    if (commits.some((commit) => commit.topic === topic)) continue;
    const landed = (await reader.store.list(topic)).some((name) => !name.startsWith('.'));
    if (!landed) continue;
    const folder = `${feed.root.replace(/\/+$/, '')}/${topic}`;
    throw new StrataError(
      `Commit-fed model ${node.name}: ${folder} holds files, but the commit feed has no record of topic ${topic}`,
      {
        location: node.origin,
        hint:
          'Files landed without `commit_feed: true` are in no record, so a commit-fed model would never read ' +
          'them: ingest with the feed on from the start, or use another incremental strategy.',
      },
    );
  }
}

/**
 * Per Bronze source of the model, the files holding the commits' Bronze records of its topic:
 * the files they list, or the compacted generations that replaced them (feed/commit-files.ts; on
 * S3, read through a catalog table, feed/catalog-commit-files.ts).
 */
async function filesOf(
  ctx: RunContext,
  node: ModelNode,
  feed: ModelFeed,
  commits: readonly CommitRecord[],
): Promise<FeedFiles> {
  const files = new Map<string, string[]>();
  const ranges = new Map<string, OffsetRange[]>();
  for (const [topic, sources] of feed.sources) {
    const ofTopic = commits.filter((commit) => commit.topic === topic);
    const read: CommitFiles = isS3Root(feed.root)
      ? await resolveCatalogCommitFiles(readerOf(ctx, feed.root).store, ofTopic)
      : resolveCommitFiles(feed.root, ofTopic);
    for (const source of sources) {
      files.set(source.uniqueId, read.files);
      if (read.ranges) ranges.set(source.uniqueId, read.ranges);
    }
  }
  return { modelId: node.uniqueId, files, ranges };
}
