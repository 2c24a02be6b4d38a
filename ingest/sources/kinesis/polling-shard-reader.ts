/**
 * Reads a shard by polling: an iterator at the start position, then GetRecords with the
 * iterator each call returns. After a call that returned less than a full batch it waits
 * `idleTimeBetweenReadsMs` before the next (a shard serves five reads a second to all its
 * readers). The shard has ended when GetRecords returns no next iterator.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ShardApi, ShardPosition } from './shard-api.js';
import { NOTHING_READ, type ShardRead, type ShardReader } from './shard-reader.js';

export interface PollingOptions {
  /** records per GetRecords call */
  maxRecords: number;
  idleTimeBetweenReadsMs: number;
}

export class PollingShardReader implements ShardReader {
  private iterator?: string;
  private caughtUp = false;
  private readonly closed = new AbortController();

  constructor(
    private readonly api: ShardApi,
    private readonly stream: string,
    private readonly shardId: string,
    private readonly from: ShardPosition,
    private readonly options: PollingOptions,
  ) {}

  async next(): Promise<ShardRead> {
    if (this.caughtUp)
      await sleep(this.options.idleTimeBetweenReadsMs, undefined, { signal: this.closed.signal }).catch(
        () => undefined,
      );
    if (this.closed.signal.aborted) return NOTHING_READ;
    this.iterator ??= await this.api.iterator(this.stream, this.shardId, this.from);
    const batch = await this.api.read(this.iterator, this.options.maxRecords);
    this.caughtUp = batch.records.length < this.options.maxRecords;
    if (batch.nextIterator !== undefined) this.iterator = batch.nextIterator;
    return {
      records: batch.records,
      ended: batch.nextIterator === undefined,
      millisBehindLatest: batch.millisBehindLatest,
    };
  }

  close(): void {
    this.closed.abort();
  }
}
