/**
 * A flush: write every file of a partition's segment durably, register new hive
 * partitions in the catalog, and only then commit `last offset + 1`. The fence is checked
 * before each file and right before the commit; a flush that stops half-way leaves files
 * that the next flush from the same committed offset writes again under the same names.
 */
import type { Destination, LakePartition, PartitionRegistrar } from '../destination.js';
import type { FileEncoder } from './file-encoder.js';
import { FencedError, isMembershipError, type GroupFence } from './group-fence.js';
import type { Segment } from './partition-buffer.js';

/** Files of one segment written at once: compression runs on the thread pool meanwhile. */
const FILE_CONCURRENCY = 4;

export interface SegmentWriterDeps {
  destination: Destination;
  encoder: FileEncoder;
  registrar?: PartitionRegistrar;
  /** the table each topic feeds, for the catalog */
  tableOf: (topic: string) => string;
  fence: GroupFence;
  /** proves membership (kafkajs heartbeat); rejects when the group is rebalancing */
  heartbeat: () => Promise<void>;
  /** commits one partition's offset; called synchronously after the last fence check */
  commit: (topic: string, partition: number, offset: number) => Promise<void>;
}

export interface SegmentResult {
  bytes: number;
  files: number;
}

export class SegmentWriter {
  private readonly registered = new Set<string>();

  constructor(private readonly deps: SegmentWriterDeps) {}

  async write(segment: Segment, token: number): Promise<SegmentResult> {
    const { destination, encoder, fence } = this.deps;
    let bytes = 0;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < segment.files.length) {
        const file = segment.files[next++];
        if (!file) break;
        await this.keepAlive(token);
        const body = await encoder.encode(file);
        fence.check(token);
        await destination.writeFile(file.path, body);
        bytes += body.length;
      }
    };
    await Promise.all(Array.from({ length: Math.min(FILE_CONCURRENCY, segment.files.length) }, worker));
    await this.registerPartitions(segment);
    await this.keepAlive(token);
    fence.check(token);
    try {
      await this.deps.commit(segment.topic, segment.partition, segment.commitOffset);
    } catch (error) {
      if (!isMembershipError(error)) throw error;
      fence.rebalanceStarted();
      throw new FencedError(`the group coordinator refused the commit: ${(error as Error).message}`, error);
    }
    fence.alive();
    return { bytes, files: segment.files.length };
  }

  /** New `dt=/hour=` partitions of the segment's Bronze files, registered before the commit. */
  private async registerPartitions(segment: Segment): Promise<void> {
    const registrar = this.deps.registrar;
    if (!registrar) return;
    const table = this.deps.tableOf(segment.topic);
    const base = this.deps.destination.url.replace(/\/+$/, '');
    const fresh = new Map<string, LakePartition>();
    for (const file of segment.files) {
      if (file.rejected) continue;
      const match = /\/dt=(\d{4}-\d{2}-\d{2})\/hour=(\d{2})\//.exec(file.path);
      if (!match) continue;
      const [, dt = '', hour = ''] = match;
      const key = `${table}/${dt}/${hour}`;
      if (this.registered.has(key) || fresh.has(key)) continue;
      fresh.set(key, { table, dt, hour, location: `${base}/${segment.topic}/dt=${dt}/hour=${hour}/` });
    }
    if (fresh.size === 0) return;
    await registrar.register([...fresh.values()]);
    for (const key of fresh.keys()) this.registered.add(key);
  }

  private async keepAlive(token: number): Promise<void> {
    try {
      await this.deps.heartbeat();
    } catch (error) {
      if (isMembershipError(error)) this.deps.fence.rebalanceStarted();
      throw new FencedError(`no heartbeat: ${(error as Error).message}`, error);
    }
    this.deps.fence.check(token);
  }
}
