/**
 * Reads one leased shard and lands it exactly once. A flush is planned before it is
 * written: the lease first records the flush's last sequence number (`pendingEnd`), then
 * every file is landed (never replacing one), then the lease moves its checkpoint there.
 * Whoever reads the shard after a crash, a failed write or a takeover starts from the
 * checkpoint and, when a plan is pending, flushes exactly up to its end before anything
 * else: the same records in the same files under the same names, so a file already in
 * place is that file, and nothing lands twice (CONTEXT.md). The records come from a
 * `ShardReader`, polling or enhanced fan-out alike.
 */
import type { Destination } from '../../destination.js';
import type { RotationConfig } from '../../config/ingest-config.js';
import type { FileEncoder } from '../../pipeline/file-encoder.js';
import type { PartitionRegistrations } from '../../pipeline/partition-registrations.js';
import type { FlushBackoff } from '../../pipeline/flush-backoff.js';
import type { IngestMetrics } from '../../ops/ingest-metrics.js';
import type { Logger } from '../../ops/logger.js';
import type { RecordClassifier } from '../../records/record-classifier.js';
import { LeaseLostError, type HeldLease } from './held-lease.js';
import { classifyKinesisRecord } from './kinesis-record.js';
import type { Checkpoint } from './lease-table.js';
import { planFileLandedElsewhere, readPosition } from './recorded-plan.js';
import type { OpenShardReader, ShardReader } from './shard-reader.js';
import { ShardBuffer, shardNumber, type ShardSegment } from './shard-buffer.js';

const FILE_CONCURRENCY = 4;
const SEQUENCE = /^\d{1,128}$/;

export interface ShardWorkerDeps {
  /** polling or enhanced fan-out: how the shard's records arrive */
  openReader: OpenShardReader;
  destination: Destination;
  encoder: FileEncoder;
  partitions: PartitionRegistrations;
  classifier: RecordClassifier;
  rotation: RotationConfig;
  metrics: IngestMetrics;
  logger: Logger;
  /** failed flushes per shard, shared by the worker's shards: the wait before a retry, and `/healthz` */
  backoff: FlushBackoff;
  /** the names of the files in a lake folder (a replayed flush looks for its files landed under other names) */
  listFiles: (folder: string) => Promise<string[]>;
}

/** How a worker's run ended. */
export type ShardOutcome = 'shard_end' | 'stopped' | 'lost';

export class ShardWorker {
  readonly buffer: ShardBuffer;
  private stopping = false;
  private wake: () => void = () => undefined;
  /** the reader of the current attempt, closed by `stop()` so a wait for records ends at once */
  private reader?: ShardReader;
  /** the shard's key in the backoff */
  private readonly key: string;
  /** the end of the recorded flush whose expired records were last reported */
  private reportedExpiry?: string;

  constructor(
    private readonly deps: ShardWorkerDeps,
    readonly held: HeldLease,
  ) {
    const { stream, shardId } = held.current;
    this.key = `${stream}/${shardId}`;
    this.buffer = new ShardBuffer(stream, shardId, deps.encoder.extension, (path, first, rejected) =>
      deps.encoder.newFile(path, first, rejected),
    );
  }

  /** Read until the shard ends, the lease is lost, or `stop()`; flushes what it holds when stopped. */
  async run(): Promise<ShardOutcome> {
    const { stream, shardId } = this.held.current;
    try {
      return await this.readUntilDone();
    } finally {
      // a shard this worker no longer reads is not its lag, nor its failing writes
      this.deps.metrics.millisBehindLatest.delete({ topic: stream, shard: shardId });
      this.deps.backoff.succeeded(this.key);
    }
  }

  private async readUntilDone(): Promise<ShardOutcome> {
    const { logger } = this.deps;
    const { stream, shardId } = this.held.current;
    while (!this.stopping && !this.held.lost) {
      try {
        return await this.read();
      } catch (error) {
        this.buffer.discard();
        if (error instanceof LeaseLostError || this.held.lost) break;
        this.deps.metrics.flushFailures.inc({ cause: 'error' });
        const { backoff } = this.deps;
        const retryInMs = backoff.failed(this.key, stream, shardNumber(shardId), error, Date.now(), shardId);
        logger.error('reading or landing the shard failed; it is read again from its checkpoint', {
          stream,
          shard_id: shardId,
          error,
          failures: backoff.failures(this.key),
          retry_in_ms: retryInMs,
        });
        await this.sleep(retryInMs);
      }
    }
    this.buffer.discard();
    if (this.held.lost) {
      logger.info('lease taken by another worker: leaving the shard', { stream, shard_id: shardId });
      return 'lost';
    }
    return 'stopped';
  }

  /** Ask the worker to flush and return; resolves when `run` does. */
  stop(): void {
    this.stopping = true;
    this.wake();
    this.reader?.close();
  }

  private async read(): Promise<ShardOutcome> {
    const { stream, shardId } = this.held.current;
    const reader = this.deps.openReader(stream, shardId, readPosition(this.held.current));
    this.reader = reader;
    try {
      return await this.readFrom(reader);
    } finally {
      reader.close();
      this.reader = undefined;
    }
  }

  private async readFrom(reader: ShardReader): Promise<ShardOutcome> {
    const { rotation, classifier } = this.deps;
    const { stream, shardId } = this.held.current;
    const number = shardNumber(shardId);
    // A flush recorded by an earlier run is replayed first; its first record tells whether the stream still has it.
    let replayStart = this.held.current.pendingEnd === undefined ? undefined : this.held.current.pendingStart;
    for (;;) {
      if (this.stopping) {
        await this.flush(true);
        return 'stopped';
      }
      const batch = await reader.next();
      const now = Date.now();
      const ingestedAt = new Date(now).toISOString();
      this.deps.metrics.fetched.inc({ topic: stream }, batch.records.length);
      if (batch.millisBehindLatest !== undefined)
        this.deps.metrics.millisBehindLatest.set({ topic: stream, shard: shardId }, batch.millisBehindLatest);
      for (const record of batch.records) {
        if (!SEQUENCE.test(record.sequenceNumber))
          throw new Error(`Kinesis returned a record without a sequence number in ${stream}/${shardId}`);
        const planned = this.held.current.pendingEnd;
        if (replayStart !== undefined && BigInt(record.sequenceNumber) > BigInt(replayStart)) this.expired(planned);
        replayStart = undefined;
        // Past the recorded flush's end without reading it: its records all expired.
        if (planned !== undefined && BigInt(record.sequenceNumber) > BigInt(planned)) await this.flushExpired(planned);
        const classified = classifyKinesisRecord(classifier, record, shardId, number, ingestedAt);
        const file = this.buffer.append(classified, record.sequenceNumber, now);
        const pending = this.held.current.pendingEnd;
        if (pending !== undefined) {
          if (BigInt(record.sequenceNumber) >= BigInt(pending)) await this.flush(false);
        } else if (this.buffer.needsFlush(rotation, now, file)) await this.flush(false);
      }
      // Nothing waits to be landed: reading works again, whatever failed before.
      if (this.buffer.records === 0) this.deps.backoff.succeeded(this.key);
      if (batch.ended) return await this.endShard(batch.childShards);
      const planned = this.held.current.pendingEnd !== undefined;
      if (!planned && this.buffer.needsFlush(rotation, Date.now())) await this.flush(false);
    }
  }

  /**
   * A closed shard read to its end: land the rest and checkpoint `SHARD_END`, which frees
   * its children for reading (their leases come from the next shard listing).
   */
  private async endShard(childShards: string[] | undefined): Promise<ShardOutcome> {
    const { stream, shardId } = this.held.current;
    const planned = this.held.current.pendingEnd;
    if (planned !== undefined && this.buffer.lastSequence !== planned) await this.flushExpired(planned);
    await this.flush(false);
    await this.held.update((lease) => ({ ...withoutPending(lease), checkpoint: 'SHARD_END', owner: null }));
    this.deps.logger.info('shard read to its end', {
      stream,
      shard_id: shardId,
      ...(childShards?.length ? { child_shards: childShards } : {}),
    });
    return 'shard_end';
  }

  /**
   * Plan, land and checkpoint what the buffer holds. A flush whose plan was recorded by an
   * earlier run ends exactly at the plan's end; stopping before reaching it drops the
   * records instead (they are read again).
   */
  private async flush(stopping: boolean): Promise<void> {
    this.held.check();
    const planned = this.held.current.pendingEnd;
    if (planned !== undefined && this.buffer.lastSequence !== planned) {
      if (stopping) this.buffer.discard();
      if (stopping || this.buffer.records === 0) return;
      throw new Error(`the flush planned up to ${planned} cannot end at ${this.buffer.lastSequence}`);
    }
    const segment = this.buffer.take();
    if (!segment) return;
    await this.landAndCheckpoint(segment, planned, segment.lastSequence);
  }

  /**
   * The stream no longer holds the start of the flush an earlier run recorded (retention
   * expired it while no worker read the shard). Said once per replay; the records left are
   * landed by the flush at the plan's end, and no file of the plan is landed twice (`land`).
   */
  private expired(planned: string | undefined): void {
    if (this.reportedExpiry === planned) return;
    this.reportedExpiry = planned;
    const { stream, shardId, checkpoint, pendingStart } = this.held.current;
    this.deps.metrics.flushFailures.inc({ cause: 'expired' });
    this.deps.logger.error(
      'records of a recorded flush expired from the stream (retention) before they were landed; ' +
        'landing the records that are left',
      { stream, shard_id: shardId, checkpoint, planned_start: pendingStart, planned_end: planned },
    );
  }

  /**
   * The shard was read past a recorded flush's end without reaching it: every record the
   * flush had left expired. Land what the buffer holds of it (nothing, as records expire
   * oldest first) and checkpoint at the plan's end, so the shard goes on.
   */
  private async flushExpired(planned: string): Promise<void> {
    this.held.check();
    this.expired(planned);
    const segment = this.buffer.take();
    if (segment) await this.landAndCheckpoint(segment, planned, planned);
    else await this.held.update((lease) => ({ ...withoutPending(lease), checkpoint: { sequenceNumber: planned } }));
  }

  /** Record the plan (unless replaying one), land the files, register partitions, checkpoint at `end`. */
  private async landAndCheckpoint(segment: ShardSegment, planned: string | undefined, end: string): Promise<void> {
    const started = performance.now();
    const after = this.held.current.checkpoint;
    try {
      if (planned === undefined) {
        const plan = { pendingStart: segment.firstSequence, pendingEnd: segment.lastSequence };
        await this.held.update((lease) => ({ ...lease, ...plan }));
      }
      const replayed = planned === undefined ? undefined : { after, end };
      const { files, bytes } = await this.land(segment, replayed);
      await this.deps.partitions.register(segment.stream, segment.files);
      await this.held.update((lease) => ({ ...withoutPending(lease), checkpoint: { sequenceNumber: end } }));
      this.count(segment, files, bytes, started);
      this.deps.backoff.succeeded(this.key);
    } catch (error) {
      for (const file of segment.files) file.discard();
      throw error;
    }
  }

  /**
   * Land every file of the segment; one already in place is this flush's file, landed before.
   * A replayed plan's file may also be in place under another name: when records expired,
   * its bucket's first record is no longer the one the earlier run named the file after.
   * Any file of the shard in the bucket named in the plan's range `(after, end]` is that
   * file (plans cover disjoint ranges) and holds every record of the bucket: skip ours.
   */
  private async land(
    segment: ShardSegment,
    replayed?: { after: Checkpoint; end: string },
  ): Promise<{ files: number; bytes: number }> {
    const { destination, encoder } = this.deps;
    let next = 0;
    let files = 0;
    let bytes = 0;
    const worker = async (): Promise<void> => {
      while (next < segment.files.length) {
        const file = segment.files[next++];
        if (!file) break;
        if (replayed && (await planFileLandedElsewhere(file.path, replayed, this.deps.listFiles))) continue;
        const { body } = await encoder.encode(file);
        this.held.check();
        if ((await destination.writeFile(file.path, body)) === 'written') {
          files += 1;
          bytes += body.length;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(FILE_CONCURRENCY, segment.files.length) }, worker));
    return { files, bytes };
  }

  private count(segment: ShardSegment, files: number, bytes: number, started: number): void {
    const { metrics } = this.deps;
    const topic = { topic: segment.stream };
    const rejected = [...segment.rejected.values()].reduce((sum, count) => sum + count, 0);
    metrics.consumed.inc(topic, segment.written + rejected);
    metrics.written.inc(topic, segment.written);
    for (const [reason, count] of segment.rejected) metrics.rejected.inc({ topic: segment.stream, reason }, count);
    metrics.bytesWritten.inc({}, bytes);
    metrics.filesWritten.inc({}, files);
    metrics.commits.inc();
    metrics.flushSeconds.observe((performance.now() - started) / 1000);
    this.deps.logger.debug('flushed', {
      stream: segment.stream,
      shard_id: segment.shardId,
      files,
      records: segment.written + rejected,
      checkpoint: segment.lastSequence,
    });
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

function withoutPending<T extends { pendingEnd?: string; pendingStart?: string }>(
  lease: T,
): Omit<T, 'pendingEnd' | 'pendingStart'> {
  const { pendingEnd: _done, pendingStart: _started, ...rest } = lease;
  return rest;
}
