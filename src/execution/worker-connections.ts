import type { Adapter, Connection } from '../adapters/contract.js';

/**
 * One warehouse connection per worker thread, opened when the thread first needs it, so a
 * run never holds more connections than it has busy threads.
 */
export class WorkerConnections {
  private readonly connections: Array<Connection | undefined> = [];

  constructor(private readonly adapter: Adapter) {}

  /** The connection of worker `thread` (0-based), opened on first use. */
  async forThread(thread: number): Promise<Connection> {
    return (this.connections[thread] ??= await this.adapter.connect());
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
