/**
 * Consumer lag per assigned partition: the partition's end (the high watermark of the
 * last batch, or `admin.fetchTopicOffsets` for partitions that get no batches) minus the
 * position of this instance.
 */
import type { Admin } from 'kafkajs';
import type { Gauge } from '../../src/ops/prometheus.js';

export interface TopicPartition {
  topic: string;
  partition: number;
}

export class LagTracker {
  private readonly ends = new Map<string, number>();
  private assigned: TopicPartition[] = [];

  constructor(
    private readonly admin: Admin,
    private readonly gauge: Gauge,
    /** this instance's next offset for a partition, when it knows one */
    private readonly position: (topic: string, partition: number) => number | undefined,
  ) {}

  assign(partitions: TopicPartition[]): void {
    this.assigned = partitions;
    const keep = new Set(partitions.map(({ topic, partition }) => `${topic}/${partition}`));
    for (const key of [...this.ends.keys()]) if (!keep.has(key)) this.ends.delete(key);
  }

  /** The end of a partition, from a batch's high watermark. */
  observe(topic: string, partition: number, highWatermark: number): void {
    this.ends.set(`${topic}/${partition}`, highWatermark);
  }

  /** Ask the brokers for the end of every assigned partition. */
  async refresh(): Promise<void> {
    for (const topic of new Set(this.assigned.map((entry) => entry.topic))) {
      for (const { partition, high } of await this.admin.fetchTopicOffsets(topic)) {
        if (this.assigned.some((entry) => entry.topic === topic && entry.partition === partition))
          this.observe(topic, partition, Number(high));
      }
    }
  }

  /** Bring the gauge up to date (before a scrape). */
  update(): void {
    this.gauge.clear();
    for (const { topic, partition } of this.assigned) {
      const end = this.ends.get(`${topic}/${partition}`);
      if (end === undefined) continue;
      this.gauge.set({ topic, partition }, Math.max(0, end - (this.position(topic, partition) ?? 0)));
    }
  }
}
