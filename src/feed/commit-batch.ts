/**
 * The next batch of a model fed by the commit feed (the first piece of the commit-fed
 * incremental mode, CONTEXT.md "Next"): from the model's cursor, the commits it has not
 * processed, the exact Bronze files they list, and the cursor to store once the batch is
 * in the model. A batch is named by its commits' ids, so processing it again after a
 * crash reads the same files, and the cursor only moves over whole commits, so nothing
 * is skipped.
 */
import type { CommitFeedReader } from './commit-feed-reader.js';
import { advance, cursorKey, type FeedCursor } from './commit-feed-reader.js';
import type { CommitRecord } from './commit-record.js';

export interface CommitBatch {
  /** the commits, per partition in offset order */
  commits: CommitRecord[];
  /** the commits' ids, per partition in offset order */
  commitIds: string[];
  /** Bronze files to read, relative to the lake root (rejected files are left out) */
  files: string[];
  rows: number;
  /** ISO-8601 bounds of the batch's event times; null when it holds no Bronze record */
  minEventTime: string | null;
  maxEventTime: string | null;
  /** the cursor after the batch, to store with the model's data */
  nextCursor: FeedCursor;
}

/**
 * The batch after `cursor` for `topics`, at most `maxCommits` commits per partition;
 * undefined when there is nothing new.
 */
export async function nextCommitBatch(
  reader: CommitFeedReader,
  topics: readonly string[],
  cursor: FeedCursor,
  maxCommits = Number.POSITIVE_INFINITY,
): Promise<CommitBatch | undefined> {
  const taken = new Map<string, number>();
  const commits = (await reader.after(topics, cursor)).filter((record) => {
    const key = cursorKey(record.topic, record.partition);
    const count = (taken.get(key) ?? 0) + 1;
    taken.set(key, count);
    return count <= maxCommits;
  });
  if (commits.length === 0) return undefined;
  const nextCursor: FeedCursor = new Map(cursor);
  advance(nextCursor, commits);
  return {
    commits,
    commitIds: commits.map((commit) => commit.id),
    files: commits.flatMap((commit) => commit.files.filter((file) => !file.rejected).map((file) => file.path)),
    rows: commits.reduce((sum, commit) => sum + commit.rows, 0),
    minEventTime: bound(commits, 'min_event_time', (a, b) => a < b),
    maxEventTime: bound(commits, 'max_event_time', (a, b) => a > b),
    nextCursor,
  };
}

function bound(
  commits: CommitRecord[],
  field: 'min_event_time' | 'max_event_time',
  better: (a: number, b: number) => boolean,
): string | null {
  let best: string | null = null;
  for (const commit of commits) {
    const value = commit[field];
    if (value !== null && (best === null || better(Date.parse(value), Date.parse(best)))) best = value;
  }
  return best;
}
