/**
 * Whether this instance may still write the files of the partitions it was given. A
 * flush holds a token taken when it started; it checks the token before writing each
 * file and right before committing, and stops when the group began rebalancing, was
 * joined again, or has not heard a heartbeat answer for a large part of the session
 * timeout (a member that silent may already have been replaced). This keeps a paused or
 * partitioned instance from doing more than the write in flight once its partitions are
 * gone; that write cannot replace a file either (the destinations never replace one).
 */

export class FencedError extends Error {
  /** what the stopped flush had done, when it had begun writing (set by the segment writer) */
  discarded?: DiscardedFlush;

  constructor(
    message: string,
    /** the Kafka error that revealed it, for kafkajs to act on (rejoin) */
    readonly kafkaError?: unknown,
    /**
     * this member stalled past its session (silent too long, or forgotten by the
     * coordinator): the group gave its partitions to another member meanwhile
     */
    readonly stalled = false,
  ) {
    super(message);
    this.name = 'FencedError';
  }
}

/** A flush stopped after it began writing: its records are left to the partition's owner. */
export interface DiscardedFlush {
  topic: string;
  partition: number;
  /** the offsets the flush held, `[firstOffset, commitOffset)`; none of them was committed by it */
  firstOffset: number;
  commitOffset: number;
  records: number;
  /** files this flush put in place before it stopped (the owner finds and keeps them) */
  filesWritten: string[];
  /** files it found already in place, with their last offsets (another writer's) */
  filesFound: Array<{ path: string; lastOffset: number }>;
}

export class GroupFence {
  private epoch = 0;
  private rebalancing = true;
  private lastHeartbeatAt = 0;

  constructor(
    /** longest silence after which writes stop, below the session timeout */
    private readonly maxSilenceMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The current epoch, to pass back to {@link check}. */
  get token(): number {
    return this.epoch;
  }

  get isRebalancing(): boolean {
    return this.rebalancing;
  }

  /** The group is rebalancing: flushes in flight must stop. */
  rebalanceStarted(): void {
    this.rebalancing = true;
    this.epoch += 1;
  }

  /** A new assignment arrived (a join completed). */
  joined(): void {
    this.rebalancing = false;
    this.epoch += 1;
    this.lastHeartbeatAt = this.now();
  }

  /** The coordinator answered for this member (heartbeat or commit). */
  alive(): void {
    this.lastHeartbeatAt = this.now();
  }

  /** Whether the coordinator has not answered for longer than a flush may go on. */
  get silentTooLong(): boolean {
    return this.now() - this.lastHeartbeatAt > this.maxSilenceMs;
  }

  /** Throws a {@link FencedError} when a flush that started with `token` must stop. */
  check(token: number): void {
    const stalled = this.silentTooLong;
    if (this.rebalancing) throw new FencedError('the consumer group is rebalancing', undefined, stalled);
    if (token !== this.epoch)
      throw new FencedError('the consumer group was joined again since the flush started', undefined, stalled);
    if (stalled)
      throw new FencedError(
        `no answer from the group coordinator for ${this.now() - this.lastHeartbeatAt} ms`,
        undefined,
        true,
      );
  }
}

/** Kafka errors that mean this member's assignment is gone or about to change. */
const MEMBERSHIP_ERRORS = new Set([
  'REBALANCE_IN_PROGRESS',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
  'NOT_COORDINATOR_FOR_GROUP',
  'FENCED_INSTANCE_ID',
]);

/** Kafka errors that mean the coordinator no longer counts this member in (its session ran out). */
const EXPIRED_MEMBERSHIP_ERRORS = new Set(['ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'FENCED_INSTANCE_ID']);

export function isExpiredMembership(error: unknown): boolean {
  const type = (error as { type?: unknown } | null)?.type;
  return typeof type === 'string' && EXPIRED_MEMBERSHIP_ERRORS.has(type);
}

export function isMembershipError(error: unknown): boolean {
  const type = (error as { type?: unknown } | null)?.type;
  return typeof type === 'string' && MEMBERSHIP_ERRORS.has(type);
}
