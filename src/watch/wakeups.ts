/**
 * When the watcher reads the feed again: at once after a push from the ingester, else
 * every poll interval; a wake-up that comes while a run is in flight is kept, so the
 * commits of that time are read (together) as soon as the run ends.
 */
export class Wakeups {
  private woken = false;
  private waiter?: () => void;

  /** Ask for a read of the feed. */
  wake(): void {
    this.woken = true;
    this.waiter?.();
  }

  /** Resolves at the next wake-up (one that came since the last call counts), after `pollMs`, or on abort. */
  next(pollMs: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiter = undefined;
        this.woken = false;
        resolve();
      };
      const timer = setTimeout(done, pollMs);
      signal.addEventListener('abort', done, { once: true });
      this.waiter = done;
      if (this.woken || signal.aborted) done();
    });
  }
}
