import { describe, expect, it } from 'vitest';
import { batchSizeFor, pause, TokenBucket } from '../../../ingest/generator/kafka-pacing.js';

/**
 * Send `total` events in batches of `batch` through the bucket on a simulated clock; return
 * when each batch went out.
 */
function simulate(rate: number, total: number, batch: number, sendMs = 0): number[] {
  let now = 0;
  const bucket = new TokenBucket(rate, batch, now);
  const sentAt: number[] = [];
  for (let sent = 0; sent < total; sent += batch) {
    now += bucket.take(Math.min(batch, total - sent), now);
    sentAt.push(now);
    now += sendMs;
  }
  return sentAt;
}

describe('TokenBucket', () => {
  it('lets a full bucket through at once, then paces to the rate', () => {
    const bucket = new TokenBucket(100, 10, 0);
    expect(bucket.take(10, 0)).toBe(0);
    expect(bucket.take(10, 0)).toBeCloseTo(100);
    // the 10 owed tokens are paid by the wait: at 100 ms the next 10 cost another 100 ms
    expect(bucket.take(10, 100)).toBeCloseTo(100);
  });

  it('averages the rate over a long run, whatever the batch size', () => {
    for (const batch of [1, 7, 50, 500]) {
      const sentAt = simulate(1_000, 10_000, batch);
      // 10,000 events at 1,000/s: the last batch leaves 10 s in, less the first burst.
      const last = sentAt[sentAt.length - 1]!;
      expect(last).toBeGreaterThanOrEqual(10_000 - batch - 1);
      expect(last).toBeLessThanOrEqual(10_000);
    }
  });

  it('keeps the average when sends take time, without bursting to catch up beyond one batch', () => {
    const sentAt = simulate(200, 2_000, 10, 20);
    // 10 events per 50 ms; each send takes 20 ms of that, so the waits shrink to 30 ms.
    expect(sentAt[sentAt.length - 1]!).toBeCloseTo(9_950, 0);
    const gaps = sentAt.slice(1).map((at, i) => at - sentAt[i]!);
    for (const gap of gaps) expect(gap).toBeCloseTo(50, 5);
  });

  it('refills up to its capacity only after a pause', () => {
    const bucket = new TokenBucket(10, 5, 0);
    expect(bucket.take(5, 0)).toBe(0);
    // ten idle seconds would add 100 tokens; the bucket holds 5
    expect(bucket.take(5, 10_000)).toBe(0);
    expect(bucket.take(1, 10_000)).toBeCloseTo(100);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new TokenBucket(0, 1, 0)).toThrow('rate must be a positive number');
    expect(() => new TokenBucket(Number.NaN, 1, 0)).toThrow('rate must be a positive number');
    expect(() => new TokenBucket(5, 0, 0)).toThrow('capacity must be at least 1');
  });
});

describe('batchSizeFor', () => {
  it('sends about 20 times a second when paced, and full requests when not', () => {
    expect(batchSizeFor(0, 5_000)).toBe(5_000);
    expect(batchSizeFor(1, 5_000)).toBe(1);
    expect(batchSizeFor(10, 5_000)).toBe(1);
    expect(batchSizeFor(1_000, 5_000)).toBe(50);
    expect(batchSizeFor(50_000, 5_000)).toBe(2_500);
    expect(batchSizeFor(1_000_000, 5_000)).toBe(5_000);
  });
});

describe('pause', () => {
  it('waits, and an abort ends the wait early', async () => {
    const started = performance.now();
    await pause(30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);

    const controller = new AbortController();
    const early = performance.now();
    setTimeout(() => controller.abort(), 10);
    await pause(10_000, controller.signal);
    expect(performance.now() - early).toBeLessThan(1_000);
    await pause(10_000, controller.signal);
  });
});
