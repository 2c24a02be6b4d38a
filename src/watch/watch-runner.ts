/**
 * `strata run --watch` / `strata build --watch`: parse once, select once, keep the
 * warehouse adapter open, then run the affected part of the selection each time the
 * ingester's commit feed grows (see src/feed/CONTEXT.md).
 *
 * - The first run builds the whole selection; the cursor is the feed's end before it, so
 *   commits landing during that run trigger the next one.
 * - A commit of topic T selects `source:<the sources reading T>+` within the selection.
 * - Runs never overlap: commits arriving during a run are read together after it.
 * - A node that failed is run again (with its descendants) on the next commit; watching
 *   goes on.
 * - The first SIGINT/SIGTERM stops after the run in flight; a second one cancels it.
 * - After each run, each model's freshness is recorded (`metrics`), with a warning when it
 *   missed its `freshness_target`.
 */
import type { Adapter } from '../adapters/contract.js';
import { createAdapter } from '../adapters/registry.js';
import { StrataError } from '../errors/strata-error.js';
import { advance, CommitFeedReader, FeedChainError, type FeedCursor } from '../feed/commit-feed-reader.js';
import type { CommitRecord } from '../feed/commit-record.js';
import { openFeedStore } from '../feed/open-feed-store.js';
import { reachable } from '../graph/traverse.js';
import { COMMAND_RESOURCES } from '../execution/execution-plan.js';
import type { Reporter } from '../execution/reporter.js';
import { runTask, type TaskOptions } from '../execution/run-task.js';
import { selectForCommand } from '../execution/select-for-command.js';
import type { Session } from '../execution/session.js';
import { feedLakes, type FeedLake } from './feed-topics.js';
import { ModelRuns } from './model-runs.js';
import { WatchMetrics } from './watch-metrics.js';
import type { Wakeups } from './wakeups.js';

/**
 * How long the watcher waits, with nothing new, before it lets go of an embedded database file.
 * A stream flushing every second keeps it: no checkpoint on close and reopen between its runs.
 */
const IDLE_GRACE_MS = 1_000;

export interface WatchOptions {
  task: Omit<TaskOptions, 'signal' | 'adapter' | 'uniqueIds'> & { kind: 'run' | 'build' };
  /** how often to read the feed without a push (ms) */
  pollMs: number;
  /** pushes from the ingester wake it */
  wakeups: Wakeups;
  /** stop after the run in flight */
  stop: AbortSignal;
  /** cancel the run in flight (a second signal) */
  cancel: AbortSignal;
  /** called after each run, with the commits it covered (tests) */
  onRun?: (run: WatchRun) => void;
  /** where each model's runs and freshness are recorded (served by `--metrics-port`) */
  metrics?: WatchMetrics;
  /** how long to wait with nothing new before letting go of an embedded database file (default 1 s) */
  idleGraceMs?: number;
}

/** One run of the watcher. */
export interface WatchRun {
  commits: CommitRecord[];
  /** the nodes it ran */
  nodes: string[];
  failed: string[];
}

interface Lake extends FeedLake {
  reader: CommitFeedReader;
  cursor: FeedCursor;
}

/** Watch until stopped; resolves once the last run ended. */
export async function watch(session: Session, options: WatchOptions, reporter: Reporter): Promise<void> {
  const selected = selectForCommand(session, options.task, COMMAND_RESOURCES[options.task.kind], reporter);
  const upstream = reachable(session.graph, selected, 'ancestors');
  const lakes: Lake[] = [];
  // the first run builds from the whole lake: its newest events are at least those of each partition's last commit
  const lastCommits: CommitRecord[] = [];
  const stores: Array<{ close(): void }> = [];
  try {
    for (const lake of feedLakes(session, upstream)) {
      const opened = openFeedStore(lake.root, session.target);
      stores.push(opened);
      const reader = new CommitFeedReader(opened.store);
      const last = await lastRecordsOf(reader, lake);
      const cursor: FeedCursor = new Map();
      advance(cursor, last);
      lakes.push({ ...lake, reader, cursor });
      lastCommits.push(...last);
    }
    await watchLakes(session, options, reporter, selected, lakes, lastCommits);
  } finally {
    for (const store of stores) store.close();
  }
}

/** The last record of each partition of the lake's topics: where watching starts. */
async function lastRecordsOf(reader: CommitFeedReader, lake: FeedLake): Promise<CommitRecord[]> {
  try {
    return await reader.lastRecords([...lake.sources.keys()]);
  } catch (error) {
    if (error instanceof StrataError || error instanceof FeedChainError) throw error;
    throw new StrataError(`could not read the commit feed of ${lake.root}: ${(error as Error).message}`, {
      hint: lake.root.startsWith('s3://')
        ? "Check the bucket, the AWS credentials and region (the target's or AWS_REGION)"
        : 'Check that the lake folder exists and is readable',
    });
  }
}

async function watchLakes(
  session: Session,
  options: WatchOptions,
  reporter: Reporter,
  selected: Set<string>,
  lakes: Lake[],
  lastCommits: CommitRecord[],
): Promise<void> {
  const topics = lakes.flatMap((lake) => [...lake.sources.keys()].map((topic) => `${lake.root}/${topic}`));
  reporter.info(`Watching the commit feed of ${topics.length} topics: ${topics.join(', ')}`);

  const metrics = options.metrics ?? new WatchMetrics();
  const modelRuns = new ModelRuns(session, lakes);
  const adapter: Adapter = await createAdapter(session.target, session.project.rootDir);
  let failed = new Set<string>();
  try {
    // a checkpoint inside a run would hold up the models beside it: runs back to back checkpoint between them
    await adapter.deferCheckpoints?.();
    let pending: { ids: Set<string>; commits: CommitRecord[] } = { ids: selected, commits: [] };
    let firstRun = true;
    while (!options.stop.aborted) {
      if (pending.ids.size > 0) {
        const outcome = await runTask(
          session,
          { ...options.task, uniqueIds: pending.ids, adapter, signal: options.cancel },
          reporter,
        );
        failed = new Set(
          outcome.results.filter((r) => r.status === 'error' || r.status === 'fail').map((r) => r.uniqueId),
        );
        for (const run of modelRuns.of(firstRun ? lastCommits : pending.commits, outcome.results)) {
          const missed = metrics.record(run).missed;
          if (missed !== undefined) reporter.warning(missed);
        }
        firstRun = false;
        options.onRun?.({ commits: pending.commits, nodes: [...pending.ids], failed: [...failed] });
        if (failed.size > 0)
          reporter.colored(
            'yellow',
            failed.size === 1
              ? '1 node failed: it runs again on the next commit'
              : `${failed.size} nodes failed: they run again on the next commit`,
          );
        if (outcome.interrupted) break;
        await checkpointIfDue(adapter, reporter, false);
      }
      if (options.stop.aborted) break;
      let commits = await newCommits(lakes, reporter);
      // nothing to run: the moment for a checkpoint that would otherwise come between two runs
      // (reported before the line that says the watcher waits, which stays its last while it does)
      if (commits.length === 0 && !options.stop.aborted) await checkpointIfDue(adapter, reporter, true);
      reporter.info('Waiting for commits...');
      // closing an embedded database file costs a checkpoint, and the next run a reopen: a stream
      // that is only between two flushes gets IDLE_GRACE_MS before the watcher lets go of the file
      if (commits.length === 0 && !options.stop.aborted) {
        await options.wakeups.next(Math.min(options.pollMs, options.idleGraceMs ?? IDLE_GRACE_MS), options.stop);
        commits = await newCommits(lakes, reporter);
      }
      // back to back, it is let go only for a process waiting for it (`strata show`); idle, it is free
      await (commits.length > 0 ? adapter.releaseIfAwaited?.() : adapter.release?.());
      while (commits.length === 0 && !options.stop.aborted) {
        await options.wakeups.next(options.pollMs, options.stop);
        commits = await newCommits(lakes, reporter);
      }
      if (commits.length === 0) break;
      const affected = affectedNodes(session, lakes, commits, failed, selected);
      reporter.info(`${describeCommits(commits)}: running ${affected.size} of ${selected.size} selected nodes`);
      pending = { ids: affected, commits };
    }
  } finally {
    await adapter.close();
  }
  reporter.info('Stopped watching.');
}

/** The embedded database's checkpoint, when due (`idle`: with nothing new to run), reported. */
async function checkpointIfDue(adapter: Adapter, reporter: Reporter, idle: boolean): Promise<void> {
  const checkpoint = await adapter.checkpointIfDue?.(idle);
  if (!checkpoint) return;
  reporter.info(
    `Checkpointed the database: ${(checkpoint.walBytes / 2 ** 20).toFixed(1)} MiB of log ` +
      `in ${checkpoint.seconds.toFixed(2)}s`,
  );
}

/**
 * The records after each lake's cursor, the cursors moved past them. A lake that cannot
 * be read now (a disk or network error) is tried again at the next wake-up; a broken
 * chain stops the watcher, since reading on would skip records.
 */
async function newCommits(lakes: Lake[], reporter: Reporter): Promise<CommitRecord[]> {
  const commits: CommitRecord[] = [];
  for (const lake of lakes) {
    let records: CommitRecord[];
    try {
      records = await lake.reader.after([...lake.sources.keys()], lake.cursor);
    } catch (error) {
      if (error instanceof FeedChainError)
        throw new StrataError(error.message, {
          hint: 'Restart the watcher: its first run builds the whole selection from the lake as it is',
        });
      reporter.warning(`could not read the commit feed of ${lake.root}: ${(error as Error).message}`);
      continue;
    }
    advance(lake.cursor, records);
    commits.push(...records);
  }
  return commits;
}

/**
 * `source:<sources of the committed topics>+`, and what failed last time with its
 * descendants, within the selection.
 */
function affectedNodes(
  session: Session,
  lakes: Lake[],
  commits: CommitRecord[],
  failed: Set<string>,
  selected: Set<string>,
): Set<string> {
  const sources = new Set<string>();
  for (const lake of lakes)
    for (const commit of commits) for (const id of lake.sources.get(commit.topic) ?? []) sources.add(id);
  const reached = new Set([...reachable(session.graph, sources, 'descendants'), ...failed]);
  for (const id of reachable(session.graph, failed, 'descendants')) reached.add(id);
  return new Set([...selected].filter((id) => reached.has(id)));
}

function describeCommits(commits: CommitRecord[]): string {
  const rows = commits.reduce((sum, commit) => sum + commit.rows, 0);
  const topics = [...new Set(commits.map((commit) => commit.topic))].sort();
  return `${commits.length} new commits (${rows} rows) of ${topics.join(', ')}`;
}
