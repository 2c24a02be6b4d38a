/**
 * Runs the tasks given to it one at a time, in order. Each topic partition has one, so
 * appending a batch, a rotation flush, a timer flush and a memory-pressure flush of the
 * same partition never overlap, not even across a rebalance.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  run<T>(task: () => Promise<T>): Promise<T> {
    this.waiting += 1;
    const result = this.tail.then(task);
    this.tail = result.then(
      () => (this.waiting -= 1),
      () => (this.waiting -= 1),
    );
    return result;
  }

  /** Tasks queued or running. */
  get size(): number {
    return this.waiting;
  }
}
