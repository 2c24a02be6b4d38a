/**
 * One record of the commit feed: what one durable flush of the ingester put in the lake
 * for one topic partition (see CONTEXT.md). The ingester writes it, the engine reads it;
 * this file is the one definition of its shape and of where it lives.
 */

/** The feed's folder under the lake root; no lake glob (`<topic>/dt=*`) reaches a dot folder. */
export const FEED_FOLDER = '.strata-feed';
const OFFSET_DIGITS = 20;

/** A file of the lake listed by a commit. */
export interface CommitFile {
  /** relative to the lake root, forward slashes */
  path: string;
  /** the commit's records the file holds */
  rows: number;
  /** a file of `rejected/` */
  rejected: boolean;
}

/** What became durable for one topic partition: the records at offsets `[start_offset, end_offset)`. */
export interface CommitRecord {
  version: 1;
  /** `<topic>+<partition>+<start_offset>`: the batch id, the same on every reader and replay */
  id: string;
  topic: string;
  partition: number;
  /** the first offset of the range: the end of the partition's previous commit */
  start_offset: number;
  /** one past the last offset of the range; the next commit starts here */
  end_offset: number;
  files: CommitFile[];
  /** Bronze records */
  rows: number;
  rejected_rows: number;
  /** ISO-8601 bounds of the Bronze records' event times; null when the commit holds none */
  min_event_time: string | null;
  max_event_time: string | null;
  /** when the ingester recorded the commit */
  ingested_at: string;
}

/** The batch id of a commit. */
export function commitId(topic: string, partition: number, startOffset: number): string {
  return `${topic}+${partition}+${startOffset}`;
}

/** The folder of one partition's records, relative to the lake root. */
export function partitionFeedFolder(topic: string, partition: number): string {
  return `${FEED_FOLDER}/${topic}/${partition}`;
}

/**
 * Where the record of the commit starting at `startOffset` lives, relative to the lake
 * root. The offset is zero-padded so names sort in offset order.
 */
export function commitRecordPath(topic: string, partition: number, startOffset: number): string {
  return `${partitionFeedFolder(topic, partition)}/${String(startOffset).padStart(OFFSET_DIGITS, '0')}.json`;
}

/** The start offset in a record's file name, undefined for any other name. */
export function startOffsetOfName(name: string): number | undefined {
  const match = /^(\d{20})\.json$/.exec(name);
  return match ? Number(match[1]) : undefined;
}

/** Parse and check a record; `where` names it in the error. */
export function parseCommitRecord(text: string, where: string): CommitRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${where} is not a commit record: ${(error as Error).message}`);
  }
  const record = value as Partial<CommitRecord> | null;
  const integer = (n: unknown): boolean => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
  if (
    typeof record !== 'object' ||
    record === null ||
    record.version !== 1 ||
    typeof record.topic !== 'string' ||
    !integer(record.partition) ||
    !integer(record.start_offset) ||
    !integer(record.end_offset) ||
    (record.end_offset as number) <= (record.start_offset as number) ||
    !Array.isArray(record.files)
  ) {
    throw new Error(`${where} is not a commit record of this version (version 1, topic, partition, offsets, files)`);
  }
  return record as CommitRecord;
}
