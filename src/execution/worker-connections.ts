import type { Adapter, Connection } from '../adapters/contract.js';

/** A worker's connection lent to extra work (a microbatch model's batch) while its thread is idle. */
export interface BorrowedConnection {
  connection: Connection;
  /** hand it back: its thread may start a unit again */
  giveBack(): void;
}

/** What extra work may borrow: a connection of an idle thread, never a new one. */
export interface IdleConnections {
  /** an idle thread's connection, or undefined at once when every thread is busy or lent */
  borrowIdle(): Promise<BorrowedConnection | undefined>;
}

/**
 * One warehouse connection per worker thread, opened when the thread first needs it, so a
 * run never holds more connections than it has threads. A thread running a unit `claim`s
 * its connection; an idle thread's connection may be lent to a microbatch model's batches
 * (`borrowIdle`), and the thread waits for it to come back before its next unit: concurrent
 * batches share the run's `threads`, they never open connections of their own.
 */
export class WorkerConnections implements IdleConnections {
  private readonly connections: Array<Connection | undefined> = [];
  private readonly opening: Array<Promise<Connection> | undefined> = [];
  private readonly busy = new Set<number>();
  private readonly lent = new Set<number>();
  private returned: Array<() => void> = [];

  /** `threads`: how many worker threads the run has, the most connections it may hold */
  constructor(
    private readonly adapter: Adapter,
    private readonly threads = 1,
  ) {}

  /** The connection of worker `thread` (0-based), opened on first use. */
  forThread(thread: number): Promise<Connection> {
    // one opening per thread, however many ask at once; a failed opening is tried again next time
    return (this.opening[thread] ??= this.adapter.connect().then(
      (connection) => (this.connections[thread] = connection),
      (error: unknown) => {
        this.opening[thread] = undefined;
        throw error;
      },
    ));
  }

  /** Worker `thread` starts a unit: its connection, once no batch borrows it. Held until `release`. */
  async claim(thread: number): Promise<Connection> {
    while (this.lent.has(thread)) await new Promise<void>((resolve) => this.returned.push(resolve));
    this.busy.add(thread);
    return this.forThread(thread);
  }

  /** Worker `thread` finished its unit; its connection may be lent. */
  release(thread: number): void {
    this.busy.delete(thread);
  }

  async borrowIdle(): Promise<BorrowedConnection | undefined> {
    for (let thread = 0; thread < this.threads; thread++) {
      if (this.busy.has(thread) || this.lent.has(thread)) continue;
      this.lent.add(thread);
      const giveBack = () => {
        this.lent.delete(thread);
        const waiting = this.returned;
        this.returned = [];
        for (const wake of waiting) wake();
      };
      try {
        return { connection: await this.forThread(thread), giveBack };
      } catch {
        giveBack();
        return undefined;
      }
    }
    return undefined;
  }

  /** Ask every open connection to stop its running statement (Ctrl-C); one that cannot is left to close. */
  cancelAll(): void {
    for (const connection of this.connections) void connection?.cancel().catch(() => undefined);
  }

  /** Close every opened connection; a close that fails does not stop the others. */
  async closeAll(): Promise<void> {
    await Promise.all(this.connections.map((connection) => connection?.close().catch(() => undefined)));
  }
}
