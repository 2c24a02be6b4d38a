/**
 * The exactly-once proof of the Kinesis source, shared by its polling and enhanced
 * fan-out suites: 12,000 records (a backlog, then more while the ingester runs) on 4
 * shards, the ingester killed with SIGKILL four times (file writes slowed so kills fall
 * between a flush's files and its checkpoint; the first kill the moment a flush is past
 * its checkpoint), then a last run that lands the rest and stops cleanly. Every id once,
 * malformed records in rejected/ with their reasons, consumed = written + rejected.
 */
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { lakePaths, sleep, waitUntil } from './ingest-harness.js';
import {
  createStream,
  idProblems,
  idRecord,
  putRecords,
  readKinesisLake,
  readLeases,
  startKinesisIngester,
  waitForLines,
  writeKinesisConfig,
  type KinesisIngestSetup,
  type KinesisService,
} from './kinesis-harness.js';

const SLOW_STORAGE = fileURLToPath(new URL('../integration/kafka/slow-storage.mjs', import.meta.url));
const RECORDS = 12_000;
const KILLS = 4;
/** Every 400th record is not JSON, every 400th (shifted) has no event time. */
const malformed = (index: number): 'not_json' | 'no_event_time' | undefined =>
  index % 400 === 7 ? 'not_json' : index % 400 === 207 ? 'no_event_time' : undefined;

function record(index: number) {
  const kind = malformed(index);
  if (kind === 'not_json') return { PartitionKey: `u_${index % 97}`, Data: Buffer.from(`{"id": ${index}, oops`) };
  if (kind === 'no_event_time')
    return { PartitionKey: `u_${index % 97}`, Data: Buffer.from(JSON.stringify({ id: index })) };
  return idRecord(index);
}

/** What a run of the proof saw, for the suite's own assertions. */
export interface KillProof {
  /** every log line of every run */
  logs: Array<Record<string, unknown>>;
}

/** Run the proof on `kinesis` with the config's other settings from `options` (e.g. enhanced fan-out). */
export async function proveExactlyOnceThroughKills(
  kinesis: KinesisService,
  options: Omit<KinesisIngestSetup, 'service' | 'streams' | 'rotation'> = {},
): Promise<KillProof> {
  const stream = await createStream(kinesis.client, 'eo', 4);
  const setup = writeKinesisConfig({ ...options, service: kinesis, streams: [stream], rotation: { maxRecords: 300 } });
  const logs: Array<Record<string, unknown>> = [];
  const backlog = Math.floor(RECORDS * 0.75);
  await putRecords(kinesis.client, stream, 0, backlog, record);
  let put = backlog;
  const putting = (async () => {
    while (put < RECORDS) {
      const size = Math.min(500, RECORDS - put);
      await putRecords(kinesis.client, stream, put, size, record);
      put += size;
      await sleep(700);
    }
  })();

  const lines = (): number => {
    const lake = readKinesisLake(setup.lake);
    return lake.bronzeLines.length + lake.rejectedLines.length;
  };
  const kills: Array<{ lines: number; pastCheckpoint: number }> = [];
  /** leases taken with a flush pending: the taker flushed exactly that plan first */
  let replayedPlans = 0;
  for (let kill = 0; kill < KILLS; kill += 1) {
    // The first run's writes are slowest (1 s each): a window between a flush's files and
    // its checkpoint that no poll on a loaded machine misses.
    const ingester = await startKinesisIngester(setup.config, kinesis, {
      NODE_OPTIONS: `--import=${SLOW_STORAGE}`,
      STRATA_TEST_WRITE_DELAY_MS: kill === 0 ? '1000' : '150',
    });
    const before = lines();
    await waitUntil(() => lines() > before, 60_000, `run ${kill + 1} to land files`);
    // The first run dies the moment it has files past its checkpoint (a recorded flush for
    // the next run to replay); the others at a random point.
    if (kill === 0)
      await waitUntil(() => filesPastCheckpoint(setup.lake) > 0, 60_000, 'a flush past its checkpoint', 20);
    else await sleep(Math.random() * 1_500);
    ingester.kill('SIGKILL');
    replayedPlans += ingester.logs.filter((log) => log.msg === 'lease taken' && log.pending_end).length;
    expect((await ingester.exited).signal).toBe('SIGKILL');
    logs.push(...ingester.logs);
    kills.push({ lines: lines(), pastCheckpoint: filesPastCheckpoint(setup.lake) });
  }
  await putting;

  const last = await startKinesisIngester(setup.config, kinesis);
  await waitForLines(setup.lake, RECORDS, 120_000);
  // This run's own counters: what it checkpointed is what it wrote plus what it rejected.
  const samples = await last.metrics();
  const sum = (name: string) =>
    samples.filter((sample) => sample.name === name).reduce((total, sample) => total + sample.value, 0);
  expect(sum('strata_ingest_records_consumed_total')).toBe(
    sum('strata_ingest_records_written_total') + sum('strata_ingest_records_rejected_total'),
  );
  replayedPlans += last.logs.filter((log) => log.msg === 'lease taken' && log.pending_end).length;
  last.kill('SIGTERM');
  expect((await last.exited).code).toBe(0);
  logs.push(...last.logs);

  const described = kills.map((k) => `${k.lines} lines (${k.pastCheckpoint} files past the checkpoint)`);
  console.log(`kinesis exactly once: killed at ${described.join('; ')}`);
  expect(kills.some((k) => k.pastCheckpoint > 0)).toBe(true);
  expect(replayedPlans).toBeGreaterThan(0);
  const lake = readKinesisLake(setup.lake);
  const expectedRejected = Array.from({ length: RECORDS }, (_, index) => malformed(index)).filter(Boolean).length;
  expect(lake.rejectedLines.length).toBe(expectedRejected);
  expect(lake.bronzeLines.length + lake.rejectedLines.length).toBe(RECORDS);
  expect(new Set(lake.rejectedLines.map((line) => line.reason))).toEqual(new Set(['not_json', 'no_event_time']));
  const rejectedIds = new Set(
    lake.rejectedLines.map((line) => {
      const text = Buffer.from(line.original_base64 as string, 'base64').toString('utf8');
      return Number(/"id": ?(\d+)/.exec(text)?.[1]);
    }),
  );
  for (const id of rejectedIds) lake.counts.set(id, (lake.counts.get(id) ?? 0) + 1);
  expect(idProblems(lake.counts, RECORDS)).toEqual({ missing: [], doubled: [] });
  // Lines say where they came from; a clean stop released every lease.
  const line = lake.bronzeLines[0]!;
  expect(line.topic).toBe(stream);
  expect(line.shard_id).toMatch(/^shardId-\d{12}$/);
  expect(typeof line.sequence_number).toBe('string');
  expect([...readLeases(setup.lake).values()].map((lease) => lease.owner)).toEqual([null, null, null, null]);
  return { logs };
}

/** Each shard's checkpointed sequence number, from the lease table in the lake. */
function checkpoints(lake: string): Map<number, bigint> {
  const byShard = new Map<number, bigint>();
  for (const [key, lease] of readLeases(lake)) {
    const shard = Number(/shardId-(\d+)$/.exec(key)?.[1]);
    const checkpoint = lease.checkpoint as { sequenceNumber?: string } | string;
    byShard.set(shard, typeof checkpoint === 'object' ? BigInt(checkpoint.sequenceNumber ?? '0') : 0n);
  }
  return byShard;
}

/**
 * Files whose first sequence number lies past their shard's checkpoint: written, not yet
 * checkpointed. 0 when a checkpoint moved while the lake was listed (a file listed as past
 * it may have been checkpointed meanwhile).
 */
function filesPastCheckpoint(lake: string): number {
  const before = checkpoints(lake);
  const past = lakePaths(lake).filter((path) => {
    const [, shard, first] = /\+(\d+)\+(\d+)\.jsonl\.gz$/.exec(path) ?? [];
    return BigInt(first ?? '0') > (before.get(Number(shard)) ?? 0n);
  }).length;
  const after = checkpoints(lake);
  return [...before].every(([shard, sequence]) => after.get(shard) === sequence) ? past : 0;
}
