/**
 * Pacing for the Kafka producer: a token bucket that lets `rate` events through per
 * second on average, with at most `capacity` sent in a burst, and the batch size that
 * keeps a paced stream smooth (about 20 sends a second).
 */

/** Sends per second a paced stream aims for: small enough batches to look steady, big enough to be cheap. */
const SENDS_PER_SECOND = 20;

export class TokenBucket {
  private tokens: number;
  private last: number;

  /**
   * @param rate tokens added per second (> 0)
   * @param capacity the most tokens held: the largest burst after a pause
   * @param now the clock, in milliseconds
   */
  constructor(
    readonly rate: number,
    readonly capacity: number,
    now: number,
  ) {
    if (!(rate > 0) || !Number.isFinite(rate)) throw new Error(`rate must be a positive number, got ${rate}`);
    if (!(capacity >= 1)) throw new Error(`capacity must be at least 1, got ${capacity}`);
    this.tokens = capacity;
    this.last = now;
  }

  /**
   * Take `count` tokens at `now` and return how many milliseconds to wait before using
   * them (0: at once). Tokens may be owed: a batch larger than what is in the bucket is
   * paid back by the wait, so any batch size keeps the average at `rate`.
   */
  take(count: number, now: number): number {
    this.refill(now);
    this.tokens -= count;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.rate) * 1000;
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.rate);
      this.last = now;
    }
  }
}

/** Records per send: everything a request holds when unpaced, about 1/20 s worth when paced. */
export function batchSizeFor(rate: number, maxBatch: number): number {
  if (!(rate > 0)) return maxBatch;
  return Math.max(1, Math.min(maxBatch, Math.ceil(rate / SENDS_PER_SECOND)));
}

/** Wait `ms`, or less if `signal` aborts first. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
