import { describe, expect, it } from 'vitest';
import { Backoff, exponentialDelayMs, jitteredDelayMs } from '../../../src/aws/backoff.js';

describe('backoff', () => {
  const options = { initialMs: 500, maxMs: 30_000 };

  it('doubles from the first delay up to the cap, counting attempts from 1', () => {
    expect([0, 1, 2, 3, 7, 8, 1_000_000].map((attempt) => exponentialDelayMs(attempt, options))).toEqual([
      500, 500, 1_000, 2_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('gives a poller the same schedule, one attempt per call', () => {
    const backoff = new Backoff(options);
    const delays = Array.from({ length: 8 }, () => backoff.next());
    expect(delays).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => exponentialDelayMs(attempt, options)));
  });

  it('draws a jittered wait below the delay of the attempt', () => {
    expect(jitteredDelayMs(3, options, () => 0)).toBe(0);
    expect(jitteredDelayMs(3, options, () => 0.5)).toBe(1_000);
    expect(jitteredDelayMs(3, options, () => 0.999_999)).toBe(1_999);
    expect(jitteredDelayMs(40, options, () => 0.5)).toBe(15_000);
  });
});
