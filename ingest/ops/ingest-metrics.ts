/**
 * The ingester's metrics. Records are counted when their offsets are committed, so at any
 * scrape `consumed = written + rejected` holds exactly; records fetched again after a
 * rebalance or a failed flush show in `fetched` only.
 */
import { Counter, Gauge, Histogram, MetricsRegistry } from '../../src/ops/prometheus.js';

const PREFIX = 'strata_ingest';

export class IngestMetrics {
  readonly registry = new MetricsRegistry();
  readonly fetched = this.registry.register(
    new Counter(
      `${PREFIX}_records_fetched_total`,
      'Records read from Kafka partitions or Kinesis shards, including records read again after a rebalance, ' +
        'a lease takeover or a failed flush.',
    ),
  );
  readonly consumed = this.registry.register(
    new Counter(
      `${PREFIX}_records_consumed_total`,
      'Records whose offsets (Kinesis: sequence numbers) were committed: written plus rejected.',
    ),
  );
  readonly written = this.registry.register(
    new Counter(`${PREFIX}_records_written_total`, 'Records landed in Bronze files.'),
  );
  readonly rejected = this.registry.register(
    new Counter(`${PREFIX}_records_rejected_total`, 'Records landed in rejected/ files, by reason.'),
  );
  readonly bytesWritten = this.registry.register(
    new Counter(`${PREFIX}_bytes_written_total`, 'Bytes of files written to the destination (compressed).'),
  );
  readonly filesWritten = this.registry.register(
    new Counter(`${PREFIX}_files_written_total`, 'Files written to the destination.'),
  );
  readonly commits = this.registry.register(
    new Counter(`${PREFIX}_commits_total`, 'Offset commits after durable flushes.'),
  );
  readonly flushFailures = this.registry.register(
    new Counter(`${PREFIX}_flush_failures_total`, 'Flushes abandoned (their records are read again), by cause.'),
  );
  readonly flushSeconds = this.registry.register(
    new Histogram(
      `${PREFIX}_flush_seconds`,
      'Time to write every open file of a partition and commit.',
      [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    ),
  );
  readonly lag = this.registry.register(
    new Gauge(`${PREFIX}_consumer_lag`, 'Records between the partition end and the position of this consumer.'),
  );
  /** Kinesis's lag is a time, not a count: GetRecords' MillisBehindLatest per shard read by this worker. */
  readonly millisBehindLatest = this.registry.register(
    new Gauge(
      `${PREFIX}_millis_behind_latest`,
      'Kinesis: milliseconds between the last record read from the shard and the tip of the shard.',
    ),
  );
  readonly openFiles: Gauge;
  readonly bufferedBytes: Gauge;
  readonly pausedPartitions: Gauge;
  readonly processMetrics: Gauge[];

  constructor(sources: { openFiles: () => number; bufferedBytes: () => number; pausedPartitions: () => number }) {
    this.openFiles = this.registry.register(
      new Gauge(`${PREFIX}_open_files`, 'Files being built in memory.', (g) => g.set({}, sources.openFiles())),
    );
    this.bufferedBytes = this.registry.register(
      new Gauge(`${PREFIX}_buffered_bytes`, 'Bytes of records buffered, not yet written.', (g) =>
        g.set({}, sources.bufferedBytes()),
      ),
    );
    this.pausedPartitions = this.registry.register(
      new Gauge(
        `${PREFIX}_paused_partitions`,
        'Partitions paused because buffered bytes passed the memory limit.',
        (g) => g.set({}, sources.pausedPartitions()),
      ),
    );
    this.processMetrics = [
      this.registry.register(
        new Gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', (g) =>
          g.set({}, process.memoryUsage.rss()),
        ),
      ),
      this.registry.register(
        new Gauge(
          'process_max_resident_memory_bytes',
          'Peak resident memory size in bytes since the process started.',
          (g) => g.set({}, process.resourceUsage().maxRSS * 1024),
        ),
      ),
      this.registry.register(
        new Gauge('nodejs_heap_used_bytes', 'V8 heap in use.', (g) => g.set({}, process.memoryUsage().heapUsed)),
      ),
      this.registry.register(
        new Gauge('nodejs_heap_total_bytes', 'V8 heap reserved.', (g) => g.set({}, process.memoryUsage().heapTotal)),
      ),
      this.registry.register(
        new Gauge('nodejs_external_memory_bytes', 'Memory of Buffers and other objects outside the V8 heap.', (g) =>
          g.set({}, process.memoryUsage().external),
        ),
      ),
      this.registry.register(
        new Gauge('process_cpu_seconds_total', 'User and system CPU time spent, in seconds.', (g) => {
          const usage = process.cpuUsage();
          g.set({}, (usage.user + usage.system) / 1e6);
        }),
      ),
    ];
  }

  format(): string {
    return this.registry.format();
  }
}
