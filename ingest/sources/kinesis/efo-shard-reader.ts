/**
 * Reads a shard by enhanced fan-out: SubscribeToShard pushes events of records to this
 * worker's registered consumer over HTTP/2. A subscription lasts until the service ends it
 * (AWS: after five minutes); the reader then subscribes again where the last event said to
 * continue. A failed subscription is not retried here: `next()` rejects and the worker
 * reads the shard again from its checkpoint after its backoff, as it does for a failed
 * GetRecords. The shard has ended at the event that names its child shards and no
 * continuation (or, on services that still name one, brings no more records).
 */
import type { Logger } from '../../ops/logger.js';
import type { FanOutApi, SubscriptionEvent } from './fan-out-api.js';
import type { ShardPosition, ShardRecord } from './shard-api.js';
import { NOTHING_READ, type ShardRead, type ShardReader } from './shard-reader.js';

const DIGITS = /^\d{1,128}$/;
/** the longest `next()` waits for an event before it answers without records */
const MIN_IDLE_MS = 200;

export interface FanOutOptions {
  /** the ACTIVE consumer the subscriptions belong to */
  consumerArn: string;
  /** `next()` answers without records after this long without an event (so the worker can flush by age) */
  idleTimeBetweenReadsMs: number;
  logger: Logger;
}

export class EfoShardReader implements ShardReader {
  private events?: AsyncIterator<SubscriptionEvent>;
  /** the event asked for and not yet given (an idle `next()` leaves it for the following one) */
  private pending?: Promise<IteratorResult<SubscriptionEvent>>;
  /** where the next subscription starts */
  private position: ShardPosition;
  /** the last sequence number given (or the one reading started after): nothing at or before it is given again */
  private last?: bigint;
  private subscriptions = 0;
  /** whether the current subscription has sent an event */
  private heard = false;
  private readonly closed = new AbortController();

  constructor(
    private readonly api: FanOutApi,
    private readonly stream: string,
    private readonly shardId: string,
    from: ShardPosition,
    private readonly options: FanOutOptions,
  ) {
    this.position = from;
    if (typeof from === 'object' && 'after' in from) this.last = BigInt(from.after);
  }

  async next(): Promise<ShardRead> {
    try {
      for (;;) {
        if (this.closed.signal.aborted) return NOTHING_READ;
        this.events ??= await this.subscribe();
        if (!this.pending) {
          this.pending = this.events.next();
          // A subscription cancelled by close() rejects after nobody waits for it.
          this.pending.catch(() => undefined);
        }
        const result = await this.within(this.pending);
        if (result === 'idle' || result === 'closed') return NOTHING_READ;
        this.pending = undefined;
        if (!result.done) return this.read(result.value);
        // The service ended the subscription (AWS does after five minutes): continue in a new one.
        this.events = undefined;
        // Ended without a word: subscribing again at once would spin; the worker's backoff waits instead.
        if (!this.heard) throw new Error(`the subscription to ${this.shardId} ended before its first event`);
        this.options.logger.info('shard subscription ended: subscribing again', {
          stream: this.stream,
          shard_id: this.shardId,
          from: this.position,
        });
      }
    } catch (error) {
      if (this.closed.signal.aborted) return NOTHING_READ;
      throw error;
    }
  }

  close(): void {
    this.closed.abort();
  }

  private async subscribe(): Promise<AsyncIterator<SubscriptionEvent>> {
    const { consumerArn } = this.options;
    const events = await this.api.subscribe(consumerArn, this.shardId, this.position, this.closed.signal);
    this.subscriptions += 1;
    this.heard = false;
    this.options.logger.debug('subscribed to shard', {
      stream: this.stream,
      shard_id: this.shardId,
      from: this.position,
      subscription: this.subscriptions,
    });
    return events[Symbol.asyncIterator]();
  }

  /**
   * The event, or 'idle' when none came within the wait, or 'closed'. The close listener is
   * this call's own and removed after it: a reader lives as long as its lease, and reactions
   * left on a long-lived promise would pile up with every call.
   */
  private async within<T>(event: Promise<T>): Promise<T | 'idle' | 'closed'> {
    let timer: NodeJS.Timeout | undefined;
    let onClose: () => void = () => undefined;
    const waited = new Promise<'idle' | 'closed'>((resolve) => {
      timer = setTimeout(() => resolve('idle'), Math.max(MIN_IDLE_MS, this.options.idleTimeBetweenReadsMs));
      onClose = () => resolve('closed');
      if (this.closed.signal.aborted) onClose();
      else this.closed.signal.addEventListener('abort', onClose, { once: true });
    });
    try {
      return await Promise.race([event, waited]);
    } finally {
      clearTimeout(timer);
      this.closed.signal.removeEventListener('abort', onClose);
    }
  }

  private read(event: SubscriptionEvent): ShardRead {
    this.heard = true;
    const records = event.records.filter((record) => this.isNew(record));
    const lastRecord = records.at(-1);
    if (lastRecord && DIGITS.test(lastRecord.sequenceNumber)) this.last = BigInt(lastRecord.sequenceNumber);
    // AT the continuation, not AFTER it: services differ in whether it names the last record
    // sent or the position past it, and AT loses nothing either way (a record sent again is
    // dropped by `isNew`).
    if (event.continuationSequenceNumber) this.position = { at: event.continuationSequenceNumber };
    else if (lastRecord) this.position = { after: lastRecord.sequenceNumber };
    const ended =
      event.continuationSequenceNumber === undefined || (event.childShards.length > 0 && event.records.length === 0);
    return {
      records,
      ended,
      millisBehindLatest: event.millisBehindLatest,
      ...(ended ? { childShards: event.childShards } : {}),
    };
  }

  /** False for a record at or before the last one given (a subscription continued AT a record already given). */
  private isNew(record: ShardRecord): boolean {
    if (this.last === undefined || !DIGITS.test(record.sequenceNumber)) return true;
    return BigInt(record.sequenceNumber) > this.last;
  }
}
