import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Destination, WriteOutcome } from '../../../../ingest/destination.js';
import { FileEncoder } from '../../../../ingest/pipeline/file-encoder.js';
import { FencedError, GroupFence } from '../../../../ingest/pipeline/group-fence.js';
import { PartitionBuffer, type Segment } from '../../../../ingest/pipeline/partition-buffer.js';
import { LandedAheadError, SegmentWriter } from '../../../../ingest/pipeline/segment-writer.js';
import { hourPartition } from '../../../../ingest/records/lake-paths.js';
import type { ClassifiedRecord } from '../../../../ingest/records/record-classifier.js';
import { createRng } from '../../../../ingest/generator/prng.js';
import { CommitFeedWriter } from '../../../../ingest/feed/commit-feed-writer.js';
import { FEED_FOLDER, parseCommitRecord, type CommitRecord } from '../../../../src/feed/commit-record.js';

const HOUR = 3_600_000;
const START = Date.parse('2026-01-05T00:00:00Z');

function bronze(hour: number, offset: number): ClassifiedRecord {
  return {
    kind: 'bronze',
    part: hourPartition(START + hour * HOUR),
    line: `{"offset":${offset},"id":"b${offset}"}`,
    source: 'payload',
    eventMs: START + hour * HOUR,
  };
}

function rejected(hour: number, offset: number): ClassifiedRecord {
  return {
    kind: 'rejected',
    part: hourPartition(START + hour * HOUR),
    line: `{"reason":"schema","offset":${offset}}`,
    reason: 'schema',
  };
}

/** A lake in memory with the destinations' one rule: a file, once there, is never replaced. */
class MemoryLake {
  readonly files = new Map<string, Buffer>();

  destination(gate?: { open: Promise<void> }, killAfterWrites = Number.POSITIVE_INFINITY): Destination {
    let writes = 0;
    return {
      url: 'memory://lake',
      writeFile: async (path: string, body: Buffer): Promise<WriteOutcome> => {
        if (gate) await gate.open;
        if (writes++ >= killAfterWrites) throw new Error('killed');
        if (this.files.has(path)) return 'exists';
        this.files.set(path, body);
        return 'written';
      },
      readFile: async (path: string) => this.files.get(path) as Buffer,
      removeLeftovers: async () => [],
      close: async () => undefined,
    };
  }

  /** How many files hold each offset. */
  copies(): Map<number, number> {
    const seen = new Map<number, number>();
    for (const [path, body] of this.files) {
      if (path.startsWith(`${FEED_FOLDER}/`)) continue;
      for (const line of gunzipSync(body).toString().split('\n').filter(Boolean)) {
        const offset = (JSON.parse(line) as { offset: number }).offset;
        seen.set(offset, (seen.get(offset) ?? 0) + 1);
      }
    }
    return seen;
  }

  /** The commit feed's records, in offset order. */
  feed(): CommitRecord[] {
    return [...this.files]
      .filter(([path]) => path.startsWith(`${FEED_FOLDER}/`))
      .map(([path, body]) => parseCommitRecord(body.toString('utf8'), path))
      .sort((a, b) => a.start_offset - b.start_offset);
  }
}

const encoder = new FileEncoder('jsonl.gz', 1);

function writerFor(
  destination: Destination,
  commit: (offset: number) => Promise<void>,
  withFeed = false,
): { writer: SegmentWriter; token: number } {
  const fence = new GroupFence(Number.POSITIVE_INFINITY);
  fence.joined();
  const writer = new SegmentWriter({
    destination,
    encoder,
    tableOf: (topic) => topic,
    fence,
    heartbeat: async () => undefined,
    commit: (_topic, _partition, offset) => commit(offset),
    ...(withFeed ? { feed: new CommitFeedWriter(destination) } : {}),
  });
  return { writer, token: fence.token };
}

/**
 * ingest/CONTEXT.md's argument played out on one partition: writers read from the
 * committed offset and flush at offsets of their own choosing; some are killed after a
 * random part of a flush, and some stall in the middle of one, lose the partition, and
 * land the rest of their files much later, after the next owners committed past them.
 * At the end every record is in exactly one file.
 */
describe('flushes that crash or stall', () => {
  async function simulate(seed: number, feed: boolean): Promise<{ crashes: number; stalls: number; aheads: number }> {
    const rng = createRng(seed);
    const random = () => rng.next();
    const size = 300 + Math.floor(random() * 300);
    // Mostly in-order hours, with late and rejected records mixed in.
    const log = Array.from({ length: size }, (_, offset) => {
      const hour = Math.floor(offset / 80) - (random() < 0.15 ? Math.floor(random() * 3) : 0);
      return random() < 0.1 ? rejected(hour, offset) : bronze(hour, offset);
    });
    const lake = new MemoryLake();
    const stalled: Array<{ release: () => void; done: Promise<unknown> }> = [];
    const stats = { crashes: 0, stalls: 0, aheads: 0 };
    let committed = 0;
    let floor: number | undefined;
    const releaseSome = (share: number): void => {
      for (const writer of stalled.splice(0)) {
        if (random() < share) writer.release();
        else stalled.push(writer);
      }
    };

    while (committed < size) {
      // A new owner of the partition: reads from the commit, flushes where it likes.
      const buffer = new PartitionBuffer('t', 0, 'jsonl.gz', (path, first, isRejected) =>
        encoder.newFile(path, first, isRejected),
      );
      let offset = committed;
      let owner = true;
      while (owner && offset < size) {
        const end = Math.min(size, Math.max(offset + 1 + Math.floor(random() * 90), floor ?? 0));
        for (; offset < end; offset += 1) buffer.append(log[offset] as ClassifiedRecord, offset, 0);
        const segment = buffer.take() as Segment;
        const fate = random();
        if (fate < 0.15) {
          // Stalls before its writes land, loses the partition, and writes them later.
          let release = (): void => undefined;
          const gate = { open: new Promise<void>((resolve) => (release = resolve)) };
          const refused = async (): Promise<void> => {
            throw Object.assign(new Error('The coordinator is not aware of this member'), {
              type: 'UNKNOWN_MEMBER_ID',
            });
          };
          const { writer, token } = writerFor(lake.destination(gate), refused, feed);
          const done = writer.write(segment, token).then(
            () => expect.unreachable('a stalled writer committed'),
            // Refused at the commit, or stopped before it by files reaching past its end.
            (error: unknown) =>
              expect(error instanceof FencedError || error instanceof LandedAheadError, String(error)).toBe(true),
          );
          stalled.push({ release, done });
          stats.stalls += 1;
          owner = false;
        } else if (fate < 0.35) {
          // Killed after a random number of writes: at a file, at the feed's record, or at the commit.
          const writes = segment.files.length + (feed ? 1 : 0);
          const { writer, token } = writerFor(
            lake.destination(undefined, Math.floor(random() * (writes + 1))),
            async () => {
              throw new Error('killed');
            },
            feed,
          );
          const error = await writer.write(segment, token).then(
            () => expect.unreachable('a killed writer committed'),
            (thrown: unknown) => thrown,
          );
          owner = false;
          if (error instanceof LandedAheadError) {
            // Every write was allowed, and files of a stalled writer reach further.
            stats.aheads += 1;
            floor = error.landedEnd;
            continue;
          }
          expect(String(error)).toContain('killed');
          stats.crashes += 1;
          floor = undefined; // the process is gone, and what it knew with it
        } else {
          const { writer, token } = writerFor(
            lake.destination(),
            async (commitOffset) => void (committed = commitOffset),
            feed,
          );
          try {
            await writer.write(segment, token);
          } catch (error) {
            if (!(error instanceof LandedAheadError)) throw error;
            // Files of a stalled writer reach further: read again, flush at their end or later.
            stats.aheads += 1;
            floor = error.landedEnd;
            owner = false;
          }
        }
        releaseSome(0.3);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    releaseSome(1);
    await Promise.all(stalled.map((writer) => writer.done));
    const copies = lake.copies();
    expect(copies.size).toBe(size);
    for (let offset = 0; offset < size; offset += 1)
      expect(copies.get(offset), `offset ${offset}, seed ${seed}`).toBe(1);
    if (feed) expectFeedMatchesLake(lake, size, seed);
    return stats;
  }

  /** The feed's records chain from 0 to the end, and list every lake file once, with its rows. */
  function expectFeedMatchesLake(lake: MemoryLake, size: number, seed: number): void {
    const records = lake.feed();
    let end = 0;
    for (const record of records) {
      expect(record.start_offset, `the record after offset ${end}, seed ${seed}`).toBe(end);
      expect(record.rows + record.rejected_rows).toBe(record.end_offset - record.start_offset);
      end = record.end_offset;
    }
    expect(end).toBe(size);
    const listed = records.flatMap((record) => record.files.map((file) => file.path)).sort();
    const lakeFiles = [...lake.files.keys()].filter((path) => !path.startsWith(`${FEED_FOLDER}/`)).sort();
    expect(listed, `seed ${seed}`).toEqual(lakeFiles);
  }

  it('leave every record in exactly one file, over many random runs', async () => {
    const totals = { crashes: 0, stalls: 0, aheads: 0 };
    for (let seed = 1; seed <= 60; seed += 1) {
      const stats = await simulate(seed, false);
      for (const key of Object.keys(totals) as Array<keyof typeof totals>) totals[key] += stats[key];
    }
    // The runs did exercise the cases: crashes, stalls, and flushes that met files reaching past their end.
    expect(totals.crashes).toBeGreaterThan(50);
    expect(totals.stalls).toBeGreaterThan(50);
    expect(totals.aheads).toBeGreaterThan(10);
  });

  it('leave a commit feed whose records chain without gap or overlap and list every file once', async () => {
    const totals = { crashes: 0, stalls: 0, aheads: 0 };
    for (let seed = 1; seed <= 60; seed += 1) {
      const stats = await simulate(seed, true);
      for (const key of Object.keys(totals) as Array<keyof typeof totals>) totals[key] += stats[key];
    }
    expect(totals.crashes).toBeGreaterThan(50);
    expect(totals.stalls).toBeGreaterThan(50);
    expect(totals.aheads).toBeGreaterThan(10);
  });
});

describe('a file found in the lake', () => {
  it('that cannot be read stops the flush with its path and the way out', async () => {
    const lake = new MemoryLake();
    const path = 't/dt=2026-01-05/hour=00/t+0+0.jsonl.gz';
    lake.files.set(path, Buffer.alloc(0));
    const buffer = new PartitionBuffer('t', 0, 'jsonl.gz', (file, first, isRejected) =>
      encoder.newFile(file, first, isRejected),
    );
    buffer.append(bronze(0, 0), 0, 0);
    let committed = false;
    const { writer, token } = writerFor(lake.destination(), async () => void (committed = true));
    await expect(writer.write(buffer.take() as Segment, token)).rejects.toThrow(
      `${path} is already in the lake but its last offset cannot be read`,
    );
    expect(committed).toBe(false);
  });
});
