/**
 * Waiting for a statement of an asynchronous warehouse API (Redshift's DescribeStatement,
 * Athena's GetQueryExecution): polled with exponential backoff (quick statements answer in
 * a few polls, long ones cost a poll per `maxMs`), and the wait can be cut short when the
 * statement is cancelled.
 */

export interface BackoffOptions {
  /** the first delay */
  initialMs: number;
  /** delays double up to this cap */
  maxMs: number;
}

/** Delays between polls: `initialMs`, doubling, capped at `maxMs`; `reset()` starts over. */
export class Backoff {
  private delay: number;

  constructor(private readonly options: BackoffOptions) {
    this.delay = options.initialMs;
  }

  next(): number {
    const current = this.delay;
    this.delay = Math.min(this.delay * 2, this.options.maxMs);
    return current;
  }

  reset(): void {
    this.delay = this.options.initialMs;
  }
}

/** The first `count` delays of a schedule (for docs and tests). */
export function backoffSchedule(options: BackoffOptions, count: number): number[] {
  const backoff = new Backoff(options);
  return Array.from({ length: count }, () => backoff.next());
}

/** How many polls a statement that runs `durationMs` needs under `options` (at most). */
export function pollsFor(options: BackoffOptions, durationMs: number): number {
  const backoff = new Backoff(options);
  let waited = 0;
  let polls = 0;
  while (waited < durationMs) {
    waited += backoff.next();
    polls++;
  }
  return polls + 1;
}

/** A sleep that `wake()` ends early (a cancel should not wait out a one-second backoff). */
export class WakeableSleep {
  private wakeCurrent: (() => void) | undefined;
  private woken = false;

  sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeCurrent = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeCurrent = done;
    });
  }

  /** End the current sleep now, or the next one if none is under way. */
  wake(): void {
    if (this.wakeCurrent) this.wakeCurrent();
    else this.woken = true;
  }
}
