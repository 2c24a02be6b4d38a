/**
 * Exponential backoff, the one schedule behind every wait of the AWS side: polling a
 * statement (Athena's GetQueryExecution, the Data API's DescribeStatement), a busy service,
 * a failed S3 write or Glue batch, a partition whose flushes fail. Delays start at
 * `initialMs` and double up to `maxMs`; retries that many clients may make at once draw a
 * random wait below the delay (full jitter), so they do not come back together.
 */

export interface BackoffOptions {
  /** the first delay */
  initialMs: number;
  /** delays double up to this cap (at least `initialMs`) */
  maxMs: number;
}

/** The delay before attempt `attempt + 1`, counting from 1: `initialMs`, doubling, capped at `maxMs`. */
export function exponentialDelayMs(attempt: number, options: BackoffOptions): number {
  // the exponent stops growing long after any cap is reached, so the product stays a number
  return Math.min(options.maxMs, options.initialMs * 2 ** Math.min(Math.max(attempt, 1) - 1, 64));
}

/** Full jitter: a random wait in [0, {@link exponentialDelayMs}). */
export function jitteredDelayMs(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  return Math.floor(random() * exponentialDelayMs(attempt, options));
}

/** Delays between polls: `initialMs`, doubling, capped at `maxMs`; `reset()` starts over. */
export class Backoff {
  private attempts = 0;

  constructor(private readonly options: BackoffOptions) {}

  next(): number {
    this.attempts += 1;
    return exponentialDelayMs(this.attempts, this.options);
  }

  reset(): void {
    this.attempts = 0;
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
