/**
 * The consumer loop: kafkajs `eachBatch` with auto-commit off. Each batch is classified
 * into the partition's buffer; a full file, an old buffer or memory pressure flushes the
 * partition (every open file, then the commit). A rebalance drops what is buffered (it is
 * read again from the committed offset), and stopping flushes and commits everything
 * before leaving the group. The reasoning behind exactly-once is in ../CONTEXT.md.
 */
import type { Admin, Batch, Consumer, EachBatchPayload } from 'kafkajs';
import type { Destination, PartitionRegistrar } from '../destination.js';
import type { IngestConfig } from '../config/ingest-config.js';
import { RecordClassifier } from '../records/record-classifier.js';
import { IngestMetrics } from '../ops/ingest-metrics.js';
import { healthStatus } from '../ops/health-status.js';
import type { HealthStatus } from '../../src/ops/http-server.js';
import type { Logger } from '../ops/logger.js';
import type { CommitFeedWriter } from '../feed/commit-feed-writer.js';
import { FileEncoder, type ParquetWriter } from './file-encoder.js';
import { FencedError, GroupFence } from './group-fence.js';
import { boundedShutdown } from './bounded-shutdown.js';
import { FlushBackoff, retryDelayMs } from './flush-backoff.js';
import { RegistryUnavailableError } from '../formats/registry-client.js';
import { topicDecoders, type TopicDecoder } from '../formats/topic-decoders.js';
import { createKafkaClients } from './kafka-clients.js';
import { LagTracker } from './lag-tracker.js';
import { partitionsToFlush } from './memory-pressure.js';
import { PartitionBuffer } from './partition-buffer.js';
import { LandedAheadError, SegmentWriter } from './segment-writer.js';
import { SerialQueue } from './serial-queue.js';
import { TypedSchemas, typedGlueColumns } from './typed-schemas.js';

export interface IngesterDeps {
  config: IngestConfig;
  destination: Destination;
  registrar?: PartitionRegistrar;
  parquet?: ParquetWriter;
  /** the commit feed, when the config turns it on */
  feed?: CommitFeedWriter;
  logger: Logger;
}

interface PartitionState {
  key: string;
  topic: string;
  partition: number;
  buffer: PartitionBuffer;
  /** the fence epoch the state belongs to; a state from an older epoch is dropped */
  token: number;
  /** set once a fetch gap was rewound, so a gap that persists (retention) is accepted */
  rewound: boolean;
}

const TICK_MS = 250;
const LAG_REFRESH_MS = 5_000;
const PARTITIONS_CONCURRENTLY = 4;

const tpKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class Ingester {
  readonly metrics: IngestMetrics;
  private readonly consumer: Consumer;
  private readonly admin: Admin;
  private readonly classifiers = new Map<string, RecordClassifier>();
  /** Schema Registry decoders of avro and protobuf topics */
  private readonly decoders: Map<string, TopicDecoder>;
  /** unreachable-registry streaks by partition, for the wait before reading again */
  private readonly registryFailures = new Map<string, number>();
  private readonly fence: GroupFence;
  private readonly writer: SegmentWriter;
  private readonly encoder: FileEncoder;
  private readonly queues = new Map<string, SerialQueue>();
  private states = new Map<string, PartitionState>();
  /** last committed offset per partition, as far as this instance knows */
  private readonly committed = new Map<string, number>();
  /** per partition, the offset a flush must reach to cover files already in the lake */
  private readonly flushFloors = new Map<string, number>();
  private readonly lag: LagTracker;
  private readonly paused = new Set<string>();
  private assigned: Array<{ topic: string; partition: number }> = [];
  private joinReady: Promise<void> = Promise.resolve();
  private heartbeat?: () => Promise<void>;
  private commitOffsets?: EachBatchPayload['commitOffsetsIfNecessary'];
  private activeHandlers = 0;
  private connected = false;
  private joined = false;
  private stopping = false;
  private stopped?: Promise<boolean>;
  private crashed?: Error;
  private timers: NodeJS.Timeout[] = [];
  private readonly backoff = new FlushBackoff();
  private readonly crashListeners: Array<(error: Error) => void> = [];

  constructor(private readonly deps: IngesterDeps) {
    const { config, logger } = deps;
    this.metrics = new IngestMetrics({
      openFiles: () => this.sumStates((state) => state.buffer.openFiles),
      bufferedBytes: () => this.bufferedBytes(),
      pausedPartitions: () => this.paused.size,
    });
    const sessionTimeout = config.kafka.sessionTimeoutMs;
    ({ consumer: this.consumer, admin: this.admin } = createKafkaClients(config, logger));
    this.lag = new LagTracker(this.admin, this.metrics.lag, (topic, partition) => {
      const key = tpKey(topic, partition);
      return this.states.get(key)?.buffer.nextOffset ?? this.committed.get(key);
    });
    this.fence = new GroupFence(Math.floor((sessionTimeout * 2) / 3));
    this.decoders = topicDecoders(config);
    for (const topic of config.topics) {
      const decoder = this.decoders.get(topic.name);
      this.classifiers.set(topic.name, new RecordClassifier(topic, config.maxRecordBytes, decoder));
    }
    const tables = new Map(config.topics.map((topic) => [topic.name, topic.table]));
    // Typed columns are a Parquet layout; JSON-lines lakes keep the payload as written.
    const typed = new TypedSchemas(config.format === 'parquet' ? config.topics : [], this.decoders);
    this.encoder = new FileEncoder(config.format, config.gzipLevel, deps.parquet, (topic) => typed.of(topic));
    this.writer = new SegmentWriter({
      destination: deps.destination,
      encoder: this.encoder,
      registrar: deps.registrar,
      tableOf: (topic) => tables.get(topic) ?? topic,
      typedColumnsOf: (topic) => typedGlueColumns(typed.of(topic)),
      fence: this.fence,
      heartbeat: () => (this.heartbeat ? this.heartbeat() : Promise.resolve()),
      commit: (topic, partition, offset) => this.commit(topic, partition, offset),
      ...(deps.feed ? { feed: deps.feed } : {}),
    });
  }

  /** Connect, join the group and start consuming; resolves once the consumer runs. */
  async start(): Promise<void> {
    const { config, logger } = this.deps;
    this.listen();
    // Registry schemas are fetched while Kafka connects, so the first batches find them ready.
    const schemas = Promise.all([...this.decoders.values()].map((decoder) => decoder.warmUp()));
    await this.admin.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: config.topics.map((topic) => topic.name),
      fromBeginning: config.kafka.startFrom === 'earliest',
    });
    await schemas;
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: PARTITIONS_CONCURRENTLY,
      eachBatch: (payload) => this.onBatch(payload),
    });
    this.timers.push(setInterval(() => this.tick(), TICK_MS));
    this.timers.push(
      setInterval(
        () =>
          void this.lag
            .refresh()
            .catch((error: unknown) => logger.debug('could not refresh partition ends', { error })),
        LAG_REFRESH_MS,
      ),
    );
    logger.info('ingester started', {
      brokers: config.kafka.brokers,
      group_id: config.kafka.groupId,
      topics: config.topics.map((topic) => topic.name),
      destination: this.deps.destination.url,
      format: config.format,
    });
  }

  /** Called when kafkajs gives up on the consumer; the process should exit non-zero. */
  onCrash(listener: (error: Error) => void): void {
    this.crashListeners.push(listener);
  }

  /** The Prometheus exposition, with the lag brought up to date. */
  formatMetrics(): string {
    this.lag.update();
    return this.metrics.format();
  }

  /**
   * The `/healthz` verdict: unhealthy when disconnected, out of the group, stopping, crashed,
   * or writes keep failing.
   */
  health(): HealthStatus {
    return healthStatus({
      connected: this.connected,
      joined: this.joined,
      stopping: this.stopping,
      assignedPartitions: this.assigned.length,
      ...(this.crashed ? { crashed: this.crashed } : {}),
      failing: this.backoff.failing,
    });
  }

  /**
   * Stop consuming, flush and commit every partition, leave the group and disconnect.
   * Resolves true when everything buffered was committed within the shutdown bound.
   */
  stop(reason: string): Promise<boolean> {
    this.stopped ??= this.shutdown(reason);
    return this.stopped;
  }

  private async shutdown(reason: string): Promise<boolean> {
    const { config, logger } = this.deps;
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    const work = async (deadline: number): Promise<boolean> => {
      let clean = true;
      if (this.joined && !this.crashed) {
        try {
          this.consumer.pause(config.topics.map((topic) => ({ topic: topic.name })));
        } catch {
          // not running yet: nothing to pause
        }
        while (this.activeHandlers > 0 && Date.now() < deadline) await sleep(10);
        const token = this.fence.token;
        const results = await Promise.all(
          [...this.states.values()].map((state) =>
            this.queue(state.key).run(() => this.flushIfCurrent(state.key, token)),
          ),
        );
        clean = results.every(Boolean);
      }
      await this.consumer.disconnect();
      await this.admin.disconnect();
      return clean;
    };
    return boundedShutdown({
      logger,
      reason,
      timeoutSeconds: config.shutdownTimeoutSeconds,
      bufferedRecords: this.sumStates((state) => state.buffer.records),
      readAgain: 'uncommitted records',
      work,
      committedRecords: () => this.metrics.consumed.total(),
    });
  }

  private listen(): void {
    const { consumer, fence } = this;
    const { logger } = this.deps;
    consumer.on(consumer.events.CONNECT, () => (this.connected = true));
    consumer.on(consumer.events.DISCONNECT, () => (this.connected = false));
    consumer.on(consumer.events.HEARTBEAT, () => fence.alive());
    consumer.on(consumer.events.REBALANCING, () => {
      fence.rebalanceStarted();
      this.dropAll('rebalancing');
    });
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      fence.joined();
      this.dropAll('joined');
      this.joined = true;
      const assignment = event.payload.memberAssignment;
      this.assigned = Object.entries(assignment).flatMap(([topic, partitions]) =>
        partitions.map((partition) => ({ topic, partition })),
      );
      const owned = new Set(this.assigned.map(({ topic, partition }) => tpKey(topic, partition)));
      this.backoff.retain((key) => owned.has(key));
      this.lag.assign(this.assigned);
      this.resumePaused();
      logger.info('joined the consumer group', { member_id: event.payload.memberId, assignment });
      this.joinReady = this.loadCommitted().catch((error: unknown) =>
        logger.warn('could not read committed offsets', { error }),
      );
    });
    consumer.on(consumer.events.CRASH, (event) => {
      const { error, restart } = event.payload;
      logger.error('consumer crashed', { error, restart });
      if (!restart && !this.stopping) {
        this.crashed = error;
        for (const listener of this.crashListeners) listener(error);
      }
    });
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    this.heartbeat = payload.heartbeat;
    this.commitOffsets = payload.commitOffsetsIfNecessary;
    if (this.stopping || !payload.isRunning() || payload.isStale()) return;
    this.activeHandlers += 1;
    try {
      await this.joinReady;
      const { batch } = payload;
      const key = tpKey(batch.topic, batch.partition);
      this.lag.observe(batch.topic, batch.partition, Number(batch.highWatermark));
      const token = this.fence.token;
      await this.queue(key).run(() => this.consumeBatch(batch, payload, token));
      if (this.bufferedBytes() > this.deps.config.memory.maxBufferedBytes) await this.relievePressure(token);
    } catch (error) {
      if (error instanceof FencedError) {
        this.deps.logger.info('flush stopped: partitions are being reassigned', { reason: error.message });
        // Let kafkajs see the rebalance and rejoin at once.
        if (error.kafkaError) throw error.kafkaError;
        return;
      }
      throw error;
    } finally {
      this.activeHandlers -= 1;
    }
  }

  private async consumeBatch(batch: Batch, payload: EachBatchPayload, token: number): Promise<void> {
    if (token !== this.fence.token || this.stopping) return;
    const key = tpKey(batch.topic, batch.partition);
    const state = this.stateFor(key, batch.topic, batch.partition, token);
    const classifier = this.classifiers.get(batch.topic);
    if (!classifier) return;
    const expected = state.buffer.nextOffset;
    const fetchedOffset = Number((batch as { fetchedOffset?: string }).fetchedOffset ?? Number.NaN);
    if (expected !== undefined && fetchedOffset > expected) {
      if (!state.rewound) {
        // kafkajs would skip records: go back to the last commit rather than lose them.
        this.deps.logger.warn('fetch position ahead of the last commit; reading from the commit again', {
          topic: batch.topic,
          partition: batch.partition,
          expected,
          fetched: fetchedOffset,
        });
        this.resetPartition(state, 'gap');
        const fresh = this.stateFor(key, batch.topic, batch.partition, token);
        fresh.rewound = true;
        return;
      }
      this.deps.logger.error(
        'records between the commit and the log start are gone (retention); continuing from the log start',
        { topic: batch.topic, partition: batch.partition, expected, fetched: fetchedOffset },
      );
      state.buffer.nextOffset = fetchedOffset;
    }
    if (!(await this.prepareSchemas(state, batch))) return;
    const { rotation } = this.deps.config;
    const now = Date.now();
    const ingestedAt = new Date(now).toISOString();
    let fetched = 0;
    let lastOffset: string | undefined;
    try {
      for (const message of batch.messages) {
        const offset = Number(message.offset);
        if (state.buffer.nextOffset !== undefined && offset < state.buffer.nextOffset) continue;
        const file = state.buffer.append(classifier.classify(message, batch.partition, ingestedAt), offset, now);
        fetched += 1;
        lastOffset = message.offset;
        if (state.buffer.needsFlush(rotation, now, file) && !(await this.flush(state, token))) return;
      }
    } finally {
      this.metrics.fetched.inc({ topic: batch.topic }, fetched);
    }
    if (lastOffset !== undefined) payload.resolveOffset(lastOffset);
    if (state.buffer.needsFlush(rotation, Date.now())) await this.flush(state, token);
  }

  /**
   * Write and commit the partition's segment. Returns false when the flush failed and the
   * partition was reset to its last commit; throws a FencedError when the group moved on.
   */
  private async flush(state: PartitionState, token: number): Promise<boolean> {
    const segment = state.buffer.take();
    if (!segment) return true;
    const started = performance.now();
    try {
      const result = await this.writer.write(segment, token);
      this.committed.set(state.key, segment.commitOffset);
      state.rewound = false;
      const { metrics } = this;
      const topic = { topic: segment.topic };
      const rejected = [...segment.rejected.values()].reduce((sum, count) => sum + count, 0);
      metrics.consumed.inc(topic, segment.written + rejected);
      metrics.written.inc(topic, segment.written);
      for (const [reason, count] of segment.rejected) metrics.rejected.inc({ topic: segment.topic, reason }, count);
      metrics.bytesWritten.inc({}, result.bytes);
      metrics.filesWritten.inc({}, result.files);
      metrics.commits.inc();
      metrics.flushSeconds.observe((performance.now() - started) / 1000);
      this.backoff.succeeded(state.key);
      this.deps.logger.debug('flushed', {
        topic: segment.topic,
        partition: segment.partition,
        files: result.files,
        records: segment.written + rejected,
        commit: segment.commitOffset,
      });
      return true;
    } catch (error) {
      for (const file of segment.files) file.discard();
      this.states.delete(state.key);
      if (error instanceof FencedError) {
        this.metrics.flushFailures.inc({ cause: 'fenced' });
        const discarded = error.stalled ? error.discarded : undefined;
        if (discarded) {
          this.deps.logger.error(
            'this instance stalled past its session and the group gave the partition to another member: ' +
              'the flush was discarded uncommitted, and the new owner keeps the files already in place',
            {
              reason: error.message,
              topic: discarded.topic,
              partition: discarded.partition,
              first_offset: discarded.firstOffset,
              commit_offset: discarded.commitOffset,
              records: discarded.records,
              files_written: discarded.filesWritten,
              files_found: discarded.filesFound.map(({ path, lastOffset }) => ({ path, last_offset: lastOffset })),
            },
          );
        }
        throw error;
      }
      // A partition without a commit yet was read from the segment's first record: go back there.
      if (!this.committed.has(state.key)) this.committed.set(state.key, segment.firstOffset);
      if (error instanceof LandedAheadError) {
        this.deps.logger.info(
          'files already in the lake reach past this flush: ' +
            'reading the partition again from its commit up to their end',
          {
            topic: error.topic,
            partition: error.partition,
            flush_end: error.commitOffset,
            landed_end: error.landedEnd,
          },
        );
        this.flushFloors.set(state.key, error.landedEnd);
        this.resetPartition(state, 'landed ahead');
        return false;
      }
      this.metrics.flushFailures.inc({ cause: 'error' });
      const retryInMs = this.backoff.failed(state.key, segment.topic, segment.partition, error);
      const failures = this.backoff.failures(state.key);
      this.deps.logger.error('flush failed; the partition is read again from its last commit', {
        topic: segment.topic,
        partition: segment.partition,
        error,
        failures,
        retry_in_ms: retryInMs,
      });
      this.resetPartition(state, 'flush failed', retryInMs);
      return false;
    }
  }

  /** Flush a partition from outside its batch handler (timer, memory, shutdown). */
  private async flushIfCurrent(key: string, token: number): Promise<boolean> {
    const state = this.states.get(key);
    if (!state || state.token !== token || token !== this.fence.token || state.buffer.records === 0) return true;
    try {
      return await this.flush(state, token);
    } catch (error) {
      if (!(error instanceof FencedError)) throw error;
      this.deps.logger.info('flush stopped: partitions are being reassigned', { reason: error.message });
      return false;
    }
  }

  /** Over the memory limit: pause and flush the fullest partitions until half the limit is free. */
  private async relievePressure(token: number): Promise<void> {
    const limit = this.deps.config.memory.maxBufferedBytes;
    const chosen = partitionsToFlush(
      [...this.states.values()].map((state) => ({ state, memory: state.buffer.memory })),
      limit,
    ).map(({ state }) => state);
    if (chosen.length === 0) return;
    this.deps.logger.info('memory limit reached: pausing and flushing the fullest partitions', {
      buffered_bytes: this.bufferedBytes(),
      limit_bytes: limit,
      partitions: chosen.map((state) => `${state.topic}/${state.partition}`),
    });
    for (const state of chosen) this.pause(state);
    try {
      await Promise.all(chosen.map((state) => this.queue(state.key).run(() => this.flushIfCurrent(state.key, token))));
    } finally {
      // A partition whose flush failed waits out its backoff; the end of the wait resumes it.
      for (const state of chosen)
        if (!this.backoff.isWaiting(state.key)) this.resume(state.key, state.topic, state.partition);
    }
  }

  /** Rotation by age, and the same for idle partitions that get no batches. */
  private tick(): void {
    if (this.stopping || this.fence.isRebalancing) return;
    const now = Date.now();
    const token = this.fence.token;
    for (const state of this.states.values()) {
      const queue = this.queue(state.key);
      if (queue.size > 0 || !state.buffer.needsFlush(this.deps.config.rotation, now)) continue;
      queue
        .run(() => this.flushIfCurrent(state.key, token))
        .catch((error: unknown) => this.deps.logger.error('timed flush failed', { error }));
    }
  }

  private async commit(topic: string, partition: number, offset: number): Promise<void> {
    if (!this.commitOffsets) throw new Error('no batch was consumed yet, so there is nothing to commit with');
    await this.commitOffsets({ topics: [{ topic, partitions: [{ partition, offset: String(offset) }] }] });
  }

  /**
   * Drop what the partition buffered and read it again from the last commit, or from
   * `uncommittedStart` (the dropped records' first offset) when the group has no commit yet.
   */
  private resetPartition(state: PartitionState, why: string, resumeAfterMs = 0): void {
    state.buffer.discard();
    this.states.delete(state.key);
    const committed = this.committed.get(state.key);
    if (committed !== undefined) {
      try {
        this.consumer.seek({ topic: state.topic, partition: state.partition, offset: String(committed) });
      } catch (error) {
        this.deps.logger.warn('could not seek back to the last commit', {
          topic: state.topic,
          partition: state.partition,
          why,
          error,
        });
      }
    }
    if (resumeAfterMs > 0) this.pauseFor(state, resumeAfterMs);
  }

  private pauseFor(state: PartitionState, ms: number): void {
    this.pause(state);
    this.backoff.startWaiting(state.key);
    setTimeout(() => {
      this.backoff.stopWaiting(state.key);
      this.resume(state.key, state.topic, state.partition);
    }, ms).unref();
  }

  /**
   * Fetches the registry schemas a batch of an avro or protobuf topic needs. When the
   * registry does not answer (`on_unavailable: wait`), nothing of the batch is taken: the
   * partition pauses (0.5 s doubling to 30 s) and is read again from its first record not
   * yet buffered, so records wait rather than being judged without their schema.
   */
  private async prepareSchemas(state: PartitionState, batch: Batch): Promise<boolean> {
    const decoder = this.decoders.get(batch.topic);
    const first = batch.messages[0];
    if (!decoder || !first) return true;
    try {
      await decoder.prepare(batch.messages.map((message) => message.value));
      this.registryFailures.delete(state.key);
      return true;
    } catch (error) {
      if (!(error instanceof RegistryUnavailableError)) throw error;
      const failures = (this.registryFailures.get(state.key) ?? 0) + 1;
      this.registryFailures.set(state.key, failures);
      const from = String(state.buffer.nextOffset ?? first.offset);
      const retryInMs = retryDelayMs(failures);
      this.deps.logger.warn('schema registry unavailable: the partition waits and reads its records again', {
        topic: batch.topic,
        partition: batch.partition,
        from_offset: from,
        failures,
        retry_in_ms: retryInMs,
        error: error.message,
      });
      this.consumer.seek({ topic: batch.topic, partition: batch.partition, offset: from });
      this.pauseFor(state, retryInMs);
      return false;
    }
  }

  private stateFor(key: string, topic: string, partition: number, token: number): PartitionState {
    let state = this.states.get(key);
    if (!state || state.token !== token) {
      const buffer = new PartitionBuffer(topic, partition, this.encoder.extension, (path, first, rejected) =>
        this.encoder.newFile(path, first, rejected),
      );
      buffer.nextOffset = this.committed.get(key);
      buffer.flushFloor = this.flushFloors.get(key);
      state = { key, topic, partition, buffer, token, rewound: false };
      this.states.set(key, state);
    }
    return state;
  }

  private dropAll(why: string): void {
    const records = this.sumStates((state) => state.buffer.records);
    if (records > 0)
      this.deps.logger.info('dropping uncommitted buffers; they are read again from the last commit', { why, records });
    for (const state of this.states.values()) state.buffer.discard();
    this.states = new Map();
  }

  private async loadCommitted(): Promise<void> {
    const topics = [...new Set(this.assigned.map(({ topic }) => topic))];
    if (topics.length === 0) return;
    const offsets = await this.admin.fetchOffsets({ groupId: this.deps.config.kafka.groupId, topics });
    for (const { topic, partitions } of offsets) {
      for (const { partition, offset } of partitions) {
        const value = Number(offset);
        if (value >= 0) this.committed.set(tpKey(topic, partition), value);
        else this.committed.delete(tpKey(topic, partition));
      }
    }
  }

  private pause(state: PartitionState): void {
    this.paused.add(state.key);
    this.consumer.pause([{ topic: state.topic, partitions: [state.partition] }]);
  }

  private resume(key: string, topic: string, partition: number): void {
    if (!this.paused.delete(key) || this.stopping) return;
    this.consumer.resume([{ topic, partitions: [partition] }]);
  }

  private resumePaused(): void {
    for (const key of [...this.paused]) {
      const [topic = '', partition = '0'] = key.split('\u0000');
      this.resume(key, topic, Number(partition));
    }
  }

  private queue(key: string): SerialQueue {
    let queue = this.queues.get(key);
    if (!queue) {
      queue = new SerialQueue();
      this.queues.set(key, queue);
    }
    return queue;
  }

  private bufferedBytes(): number {
    return this.sumStates((state) => state.buffer.memory);
  }

  private sumStates(value: (state: PartitionState) => number): number {
    let sum = 0;
    for (const state of this.states.values()) sum += value(state);
    return sum;
  }
}
