/**
 * A lease this worker holds. Every change (renewal, a flush's plan, a checkpoint, the
 * release) goes through one queue, so the worker's own writes never race each other; a
 * change that finds a newer version written by someone else means the lease was taken:
 * from then on nothing more is written under it.
 */
import { SerialQueue } from '../../pipeline/serial-queue.js';
import type { Lease, LeaseTable } from './lease-table.js';

/** The lease was taken over by another worker (or expired and was taken). */
export class LeaseLostError extends Error {
  constructor(readonly shardId: string) {
    super(`the lease of ${shardId} was taken by another worker`);
    this.name = 'LeaseLostError';
  }
}

export class HeldLease {
  private readonly queue = new SerialQueue();
  /** set once a change found the lease taken */
  lost = false;

  constructor(
    private readonly table: LeaseTable,
    /** the lease as last written by this worker */
    public current: Lease,
  ) {}

  get shardId(): string {
    return this.current.shardId;
  }

  /** Write the next version made by `change`; throws LeaseLostError when someone else wrote first. */
  update(change: (lease: Lease) => Omit<Lease, 'version' | 'stream' | 'shardId'>): Promise<Lease> {
    return this.queue.run(async () => {
      if (this.lost) throw new LeaseLostError(this.shardId);
      const next = await this.table.update(this.current, change(this.current));
      if (!next) {
        this.lost = true;
        throw new LeaseLostError(this.shardId);
      }
      this.current = next;
      return next;
    });
  }

  /** Prove the lease is alive: a new version with nothing else changed. */
  renew(): Promise<Lease> {
    return this.update((lease) => lease);
  }

  /** Throws when the lease was lost: checked before each write of a flush. */
  check(): void {
    if (this.lost) throw new LeaseLostError(this.shardId);
  }
}
