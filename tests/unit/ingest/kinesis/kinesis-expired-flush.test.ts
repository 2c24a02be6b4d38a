/**
 * A flush recorded in the lease (its plan) whose records expired from the stream before
 * anyone landed them: a worker killed mid-flush, and no worker reading the shard for the
 * stream's retention period. The records left are landed once and the shard goes on,
 * instead of retrying forever; the files of the plan the first worker landed are not
 * landed again under other names. Expiry needs the stand-in stream of resharding-stream.ts
 * (no test service can expire a record on demand); writes refused by the lake are a
 * destination that throws, since the lake here is a local folder.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadIngestConfig } from '../../../../ingest/config/load-ingest-config.js';
import type { Destination } from '../../../../ingest/destination.js';
import { LocalDestination } from '../../../../ingest/destinations/local-destination.js';
import { createLogger } from '../../../../ingest/ops/logger.js';
import { KinesisIngester } from '../../../../ingest/sources/kinesis/kinesis-ingester.js';
import { waitUntil } from '../../../support/ingest-harness.js';
import { readKinesisLake, readLeases } from '../../../support/kinesis-harness.js';
import { ReshardingStream } from './resharding-stream.js';

const SHARD = 'shardId-000000000000';
const stopping: KinesisIngester[] = [];
afterEach(async () => {
  for (const ingester of stopping.splice(0)) await ingester.stop('test over');
});

/** A lake that lands the first `accepted` files, then refuses every write. */
class RefusingDestination extends LocalDestination {
  constructor(
    root: string,
    private accepted: number,
  ) {
    super(root);
  }

  override async writeFile(path: string, body: Buffer): ReturnType<Destination['writeFile']> {
    if (this.accepted <= 0) throw new Error(`refused: ${path}`);
    this.accepted -= 1;
    return super.writeFile(path, body);
  }
}

function setup(initialPosition = 'trim_horizon') {
  const dir = mkdtempSync(join(tmpdir(), 'strata-kinesis-expired-'));
  writeFileSync(
    join(dir, 'ingest.yml'),
    [
      'source: kinesis',
      'kinesis: { region: us-east-1, failover_time_ms: 1000, max_records: 1000, idle_time_between_reads_ms: 20,',
      `  initial_position: ${initialPosition} }`,
      'topics: [{ name: expiry }]',
      'destination: { path: lake }',
      'rotation: { max_records: 100000, max_seconds: 0.2 }',
    ].join('\n'),
  );
  const config = loadIngestConfig('ingest.yml', { projectRoot: dir, env: {} });
  const stream = new ReshardingStream('expiry', 1);
  const logs: Array<Record<string, unknown>> = [];
  const start = async (destination: Destination) => {
    const ingester = new KinesisIngester({
      config: { ...config, kinesis: config.kinesis! },
      destination,
      logger: createLogger('warn', (line) => logs.push(JSON.parse(line) as Record<string, unknown>)),
      api: stream,
    });
    stopping.push(ingester);
    await ingester.start();
    return ingester;
  };
  /** Put ids `from` .. `from + count - 1`, spread over three hours: one file per hour and flush. */
  const put = (from: number, count: number) => {
    for (let id = from; id < from + count; id += 1) {
      const hour = String(8 + (id % 3)).padStart(2, '0');
      stream.put(`k${id}`, JSON.stringify({ id, event_time: `2026-01-05T${hour}:00:00Z` }));
    }
  };
  return { lake: join(dir, 'lake'), stream, logs, start, put };
}

/**
 * A first worker records its flush of ids 0..59 (three files), lands one file, then the lake
 * refuses its writes; it keeps failing (and says so on /healthz) and is stopped, its plan left
 * in the lease. Returns the ids of the file it landed.
 */
async function recordedFlushWithOneFileLanded(context: ReturnType<typeof setup>): Promise<number[]> {
  const { lake, start, put } = context;
  const first = await start(new RefusingDestination(lake, 1));
  put(0, 60);
  await waitUntil(() => first.health().healthy === false, 20_000, 'the failing writes on /healthz');
  expect(first.health().detail).toMatchObject({
    reason: expect.stringMatching(
      /^writes keep failing: shard expiry\/shardId-000000000000 failed \d+ flushes in a row .*\(last error: refused: /,
    ),
    write_failures: [expect.objectContaining({ topic: 'expiry', partition: 0, shard_id: SHARD })],
  });
  expect(await first.stop('killed')).toBe(true);
  const landed = readKinesisLake(lake);
  expect(landed.files).toHaveLength(1);
  expect(pendingOf(lake)).toBeDefined();
  return [...landed.counts.keys()].sort((a, b) => a - b);
}

function pendingOf(lake: string): unknown {
  return (readLeases(lake).get(`strata-ingest/expiry/${SHARD}`) as { pendingEnd?: string } | undefined)?.pendingEnd;
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => from + index);

describe('a recorded flush replayed by the next worker', () => {
  it('starts at its first record on a shard that started at its tip, not at the moved tip', async () => {
    const context = setup('latest');
    const { lake, logs, start, put } = context;
    await recordedFlushWithOneFileLanded(context);
    const before = logs.length;
    await start(new LocalDestination(lake));
    put(60, 20);
    await waitUntil(() => readKinesisLake(lake).counts.size === 80, 20_000, 'every record');
    const { counts } = readKinesisLake(lake);
    expect([...counts.entries()].filter(([, copies]) => copies !== 1)).toEqual([]);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(range(0, 80));
    expect(logs.slice(before).filter((line) => line.level === 'error')).toEqual([]);
  });
});

describe('a recorded flush whose records expired from the stream', () => {
  it('lands the records left once, never its landed files again under other names, and goes on', async () => {
    const context = setup();
    const { lake, stream, logs, start, put } = context;
    const landedBefore = await recordedFlushWithOneFileLanded(context);
    expect(landedBefore).toHaveLength(20);

    // ids 0..9 pass the retention period; the next worker replays the plan from what is left
    const before = logs.length;
    stream.expire(SHARD, 10);
    put(60, 20);
    const next = await start(new LocalDestination(lake));
    await waitUntil(() => readKinesisLake(lake).counts.has(79), 20_000, 'the records after the plan');

    const { counts } = readKinesisLake(lake);
    expect([...counts.entries()].filter(([, copies]) => copies !== 1)).toEqual([]);
    const expected = [...new Set([...landedBefore, ...range(10, 80)])].sort((a, b) => a - b);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(expected);
    expect(pendingOf(lake)).toBeUndefined();
    // said once, and nothing else went wrong
    const errors = logs.slice(before).filter((line) => line.level === 'error');
    expect(errors).toEqual([expect.objectContaining({ stream: 'expiry', shard_id: SHARD })]);
    expect(errors[0]?.msg).toMatch(/^records of a recorded flush expired from the stream \(retention\)/);
    expect(next.health().healthy).toBe(true);
  });

  it('moves past a plan whose records all expired instead of retrying it forever', async () => {
    const context = setup();
    const { lake, stream, logs, start, put } = context;
    const landedBefore = await recordedFlushWithOneFileLanded(context);

    const before = logs.length;
    stream.expire(SHARD, 60);
    const next = await start(new LocalDestination(lake));
    put(60, 20);
    await waitUntil(() => readKinesisLake(lake).counts.has(79), 20_000, 'the records after the plan');

    const { counts } = readKinesisLake(lake);
    expect([...counts.entries()].filter(([, copies]) => copies !== 1)).toEqual([]);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([...landedBefore, ...range(60, 80)]);
    expect(pendingOf(lake)).toBeUndefined();
    const errors = logs.slice(before).filter((line) => line.level === 'error');
    expect(errors.map((line) => line.msg)).toEqual([expect.stringMatching(/^records of a recorded flush expired/)]);
    expect(next.health().healthy).toBe(true);
  });
});
