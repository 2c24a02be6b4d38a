/**
 * `strata ingest` with `source: kinesis`: a worker in the sense of the Kinesis Client
 * Library. Every third of the failover time it lists each stream's shards (adding a
 * lease for each new one to the lease table in the lake), renews the leases it holds,
 * and takes its share of the rest (lease-balance.ts); each held lease runs a ShardWorker,
 * which reads by GetRecords or, with `enhanced_fan_out`, by SubscribeToShard as the
 * stream's consumer (registered by `start` when missing).
 * Stopping flushes and checkpoints every shard, then releases the leases, so another
 * worker takes them at once. The design is in CONTEXT.md.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { HealthStatus } from '../../../src/ops/http-server.js';
import type { LakeStore } from '../../compaction/lake-store.js';
import { LocalLakeStore } from '../../compaction/local-lake-store.js';
import type { IngestConfig } from '../../config/ingest-config.js';
import type { Destination, PartitionRegistrar } from '../../destination.js';
import { topicDecoders } from '../../formats/topic-decoders.js';
import { healthStatus } from '../../ops/health-status.js';
import { IngestMetrics } from '../../ops/ingest-metrics.js';
import type { Logger } from '../../ops/logger.js';
import { boundedShutdown } from '../../pipeline/bounded-shutdown.js';
import { FileEncoder } from '../../pipeline/file-encoder.js';
import { FlushBackoff } from '../../pipeline/flush-backoff.js';
import { PartitionRegistrations } from '../../pipeline/partition-registrations.js';
import { RecordClassifier } from '../../records/record-classifier.js';
import { HeldLease, LeaseLostError } from './held-lease.js';
import type { KinesisConfig } from './kinesis-config.js';
import { chooseLeases } from './lease-balance.js';
import { LeaseTable, type Lease } from './lease-table.js';
import { EfoShardReader } from './efo-shard-reader.js';
import { AwsFanOutApi, type FanOutApi } from './fan-out-api.js';
import { PollingShardReader } from './polling-shard-reader.js';
import { AwsShardApi, type ShardApi } from './shard-api.js';
import type { OpenShardReader } from './shard-reader.js';
import { activeConsumer } from './stream-consumer.js';
import { ShardWorker, type ShardOutcome } from './shard-worker.js';

export interface KinesisIngesterDeps {
  config: IngestConfig & { kinesis: KinesisConfig };
  destination: Destination;
  registrar?: PartitionRegistrar;
  logger: Logger;
  /** the Kinesis API; the AWS SDK's unless a test passes another */
  api?: ShardApi;
  /** enhanced fan-out's calls (with `enhanced_fan_out: true`); the AWS SDK's unless a test passes another */
  fanOut?: FanOutApi;
  /** the destination's lake, where the lease table lives; opened from the config unless a test passes one */
  store?: LakeStore;
}

interface Running {
  worker: ShardWorker;
  done: Promise<ShardOutcome>;
}

/** A Kinesis record's own time, as rejection reasons name it (ApproximateArrivalTimestamp). */
const ARRIVAL_TIME = 'Kinesis arrival time';

const leaseKey = (lease: Pick<Lease, 'stream' | 'shardId'>): string => `${lease.stream}/${lease.shardId}`;

export class KinesisIngester {
  readonly metrics: IngestMetrics;
  /** this worker's name in the lease table (KCL's worker identifier) */
  readonly workerId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly api: ShardApi;
  private readonly fanOut?: FanOutApi;
  /** with enhanced fan-out, the consumer ARN per stream (found or registered by `start`) */
  private readonly consumers = new Map<string, string>();
  private readonly encoder: FileEncoder;
  private readonly partitions: PartitionRegistrations;
  private readonly classifiers = new Map<string, RecordClassifier>();
  private readonly running = new Map<string, Running>();
  /** failed flushes per shard this worker reads, for the retries' waits and `/healthz` */
  private readonly backoff = new FlushBackoff();
  /** per lease, the version last seen and since when (this worker's clock): KCL's expiry rule */
  private readonly seen = new Map<string, { version: number; since: number }>();
  private store?: LakeStore;
  private table?: LeaseTable;
  private timer?: NodeJS.Timeout;
  private cycling?: Promise<void>;
  private cycles = 0;
  private connected = false;
  private stopping = false;
  private stopped?: Promise<boolean>;

  constructor(private readonly deps: KinesisIngesterDeps) {
    const { config } = deps;
    this.metrics = new IngestMetrics({
      openFiles: () => this.sum((worker) => worker.buffer.openFiles),
      bufferedBytes: () => this.sum((worker) => worker.buffer.memory),
      pausedPartitions: () => 0,
    });
    this.api = deps.api ?? new AwsShardApi(config.kinesis);
    if (config.kinesis.enhancedFanOut) this.fanOut = deps.fanOut ?? new AwsFanOutApi(config.kinesis);
    this.encoder = new FileEncoder(config.format, config.gzipLevel);
    const tables = new Map(config.topics.map((topic) => [topic.name, topic.table]));
    this.partitions = new PartitionRegistrations(deps.registrar, (s) => tables.get(s) ?? s, deps.destination.url);
    const decoders = topicDecoders(config);
    for (const topic of config.topics) {
      const classifier = new RecordClassifier(topic, config.maxRecordBytes, decoders.get(topic.name), ARRIVAL_TIME);
      this.classifiers.set(topic.name, classifier);
    }
  }

  /** Open the lease table, run the first cycle (shards, leases) and keep cycling. */
  async start(): Promise<void> {
    const { config, logger } = this.deps;
    this.store = this.deps.store ?? (await openLakeStore(config));
    this.table = new LeaseTable(this.store, config.kinesis.applicationName);
    await this.registerConsumers();
    await this.cycle();
    const every = Math.max(200, Math.floor(config.kinesis.failoverTimeMs / 3));
    this.timer = setInterval(() => void this.cycleOnce(), every);
    logger.info('kinesis worker started', {
      worker_id: this.workerId,
      streams: config.topics.map((topic) => topic.name),
      application_name: config.kinesis.applicationName,
      reads: this.fanOut ? 'enhanced fan-out' : 'polling',
      destination: this.deps.destination.url,
      leases: this.running.size,
    });
  }

  /** Never called: a Kinesis worker has no consumer that gives up; errors are retried per shard. */
  onCrash(_listener: (error: Error) => void): void {}

  formatMetrics(): string {
    return this.metrics.format();
  }

  health(): HealthStatus {
    return healthStatus({
      source: 'kinesis',
      connected: this.connected,
      joined: this.cycles > 0,
      stopping: this.stopping,
      assignedPartitions: this.running.size,
      failing: this.backoff.failing,
    });
  }

  /** Flush and checkpoint every shard, release the leases. True when all of it finished in time. */
  stop(reason: string): Promise<boolean> {
    this.stopped ??= this.shutdown(reason);
    return this.stopped;
  }

  private async shutdown(reason: string): Promise<boolean> {
    const { config, logger } = this.deps;
    this.stopping = true;
    clearInterval(this.timer);
    const work = async (): Promise<boolean> => {
      await this.cycling;
      const released = await Promise.all(
        [...this.running.values()].map(async ({ worker, done }) => {
          worker.stop();
          const outcome = await done;
          // A lease taken over meanwhile is no loss: its new owner reads on from the checkpoint.
          if (outcome !== 'stopped') return true;
          try {
            await worker.held.update((lease) => ({ ...lease, owner: null }));
          } catch (error) {
            // Taken by another worker after the last checkpoint: nothing of it is lost.
            if (!(error instanceof LeaseLostError)) throw error;
          }
          return true;
        }),
      );
      return released.every(Boolean);
    };
    return boundedShutdown({
      logger,
      reason,
      timeoutSeconds: config.shutdownTimeoutSeconds,
      bufferedRecords: this.sum((worker) => worker.buffer.records),
      readAgain: 'records after the checkpoints',
      work: () => work().catch(() => false),
      release: async () => {
        this.api.close();
        this.fanOut?.close();
        await this.store?.close();
      },
      committedRecords: () => this.metrics.consumed.total(),
    });
  }

  private cycleOnce(): void {
    if (this.cycling || this.stopping) return;
    this.cycling = this.cycle()
      .catch((error: unknown) => {
        this.connected = false;
        this.deps.logger.warn('could not sync shards and leases', { error });
      })
      .finally(() => (this.cycling = undefined));
  }

  /** One pass: new shards get leases, held leases are renewed, free ones taken. */
  private async cycle(): Promise<void> {
    const table = this.table;
    if (!table) return;
    const leases: Lease[] = [];
    for (const topic of this.deps.config.topics) leases.push(...(await this.syncStream(table, topic.name)));
    this.connected = true;
    const now = Date.now();
    for (const lease of leases) {
      const before = this.seen.get(leaseKey(lease));
      if (!before || before.version !== lease.version)
        this.seen.set(leaseKey(lease), { version: lease.version, since: now });
    }
    await this.renew();
    if (this.stopping) return;
    const failover = this.deps.config.kinesis.failoverTimeMs;
    const choice = chooseLeases({
      leases,
      me: this.workerId,
      expired: (lease) => now - (this.seen.get(leaseKey(lease))?.since ?? now) >= failover,
    });
    for (const lease of choice.take) await this.take(table, lease, 'taken');
    if (choice.steal) await this.take(table, choice.steal, 'stolen');
    this.cycles += 1;
  }

  /** The stream's leases, after adding one for each shard the table does not know yet. */
  private async syncStream(table: LeaseTable, stream: string): Promise<Lease[]> {
    const shards = await this.api.listShards(stream);
    let leases = await table.list(stream);
    const known = new Set(leases.map((lease) => lease.shardId));
    const listed = new Set(shards.map((shard) => shard.shardId));
    const fresh = shards.filter((shard) => !known.has(shard.shardId));
    for (const shard of fresh) {
      // A child starts at its beginning: its parents' records before it were read from them.
      const child = shard.parents.some((parent) => known.has(parent) || listed.has(parent));
      const checkpoint = child ? 'TRIM_HORIZON' : this.deps.config.kinesis.initialPosition;
      await table.create({ stream, shardId: shard.shardId, parents: shard.parents, owner: null, checkpoint });
    }
    if (fresh.length > 0) leases = await table.list(stream);
    return leases;
  }

  private async renew(): Promise<void> {
    await Promise.all(
      [...this.running.values()].map(async ({ worker }) => {
        try {
          await worker.held.renew();
        } catch (error) {
          if (!(error instanceof LeaseLostError)) throw error;
          worker.stop();
        }
      }),
    );
  }

  private async take(table: LeaseTable, lease: Lease, how: 'taken' | 'stolen'): Promise<void> {
    const key = leaseKey(lease);
    if (this.running.has(key) || this.stopping) return;
    const mine = await table.update(lease, { ...lease, owner: this.workerId });
    if (!mine) return;
    const classifier = this.classifiers.get(lease.stream);
    if (!classifier) return;
    const { config, logger, destination } = this.deps;
    const worker = new ShardWorker(
      {
        openReader: this.readerOpener(),
        destination,
        encoder: this.encoder,
        partitions: this.partitions,
        classifier,
        rotation: config.rotation,
        metrics: this.metrics,
        logger,
        backoff: this.backoff,
        listFiles: async (folder) => (await this.lake().list(folder)).files,
      },
      new HeldLease(table, mine),
    );
    logger.info(`lease ${how}`, {
      stream: lease.stream,
      shard_id: lease.shardId,
      from: lease.owner,
      checkpoint: mine.checkpoint,
      ...(mine.pendingEnd ? { pending_end: mine.pendingEnd } : {}),
    });
    const done = worker.run().finally(() => {
      if (this.running.get(key)?.worker === worker && !this.stopping) this.running.delete(key);
    });
    this.running.set(key, { worker, done });
  }

  /** With enhanced fan-out, the consumer of each stream, ACTIVE before any shard is read. */
  private async registerConsumers(): Promise<void> {
    const { config, logger } = this.deps;
    const efo = config.kinesis.enhancedFanOut;
    if (!this.fanOut || !efo) return;
    for (const topic of config.topics) {
      const arn = await activeConsumer(this.fanOut, topic.name, efo.consumerName, logger);
      this.consumers.set(topic.name, arn);
    }
  }

  /** How a shard worker reads: SubscribeToShard as the stream's consumer, or GetRecords. */
  private readerOpener(): OpenShardReader {
    const { logger, config } = this.deps;
    const { maxRecords, idleTimeBetweenReadsMs } = config.kinesis;
    const fanOut = this.fanOut;
    if (!fanOut)
      return (stream, shardId, from) =>
        new PollingShardReader(this.api, stream, shardId, from, { maxRecords, idleTimeBetweenReadsMs });
    return (stream, shardId, from) => {
      const consumerArn = this.consumers.get(stream);
      if (!consumerArn) throw new Error(`no stream consumer was registered for ${stream}`);
      return new EfoShardReader(fanOut, stream, shardId, from, { consumerArn, idleTimeBetweenReadsMs, logger });
    };
  }

  /** The lake the leases and the files are in (opened by `start`). */
  private lake(): LakeStore {
    if (!this.store) throw new Error('the Kinesis worker reads no shard before it started');
    return this.store;
  }

  private sum(value: (worker: ShardWorker) => number): number {
    let sum = 0;
    for (const { worker } of this.running.values()) sum += value(worker);
    return sum;
  }
}

async function openLakeStore(config: IngestConfig): Promise<LakeStore> {
  const { url, endpoint, region } = config.destination;
  if (!url.startsWith('s3://')) return new LocalLakeStore(url);
  const { S3LakeStore } = await import('../../compaction/s3-lake-store.js');
  return new S3LakeStore({ url, ...(endpoint ? { endpoint } : {}), ...(region ? { region } : {}) });
}
