import { describe, expect, it } from 'vitest';
import { FlushBackoff, retryDelayMs } from '../../../../ingest/pipeline/flush-backoff.js';

const A = 'orders\u00000';
const B = 'orders\u00001';

describe('flush retries back off per partition', () => {
  it('double from half a second up to 30 seconds', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map(retryDelayMs)).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('a failing partition waits longer each time; another partition of the instance keeps the shortest wait', () => {
    const backoff = new FlushBackoff();
    const waits = [1, 2, 3, 4, 5].map(() => backoff.failed(A, 'orders', 0, new Error('EACCES')));
    expect(waits).toEqual([500, 1_000, 2_000, 4_000, 8_000]);
    expect(backoff.failed(B, 'orders', 1, new Error('ENOSPC'))).toBe(500);
    expect(backoff.failures(A)).toBe(5);
    expect(backoff.failures(B)).toBe(1);
  });

  it("a success ends only that partition's streak, and the next failure starts from the shortest wait", () => {
    const backoff = new FlushBackoff();
    for (let index = 0; index < 4; index += 1) backoff.failed(A, 'orders', 0, new Error('EACCES'));
    backoff.failed(B, 'orders', 1, new Error('ENOSPC'));
    backoff.succeeded(B);
    expect(backoff.failures(B)).toBe(0);
    expect(backoff.failures(A)).toBe(4);
    expect(backoff.failed(B, 'orders', 1, new Error('ENOSPC'))).toBe(500);
    backoff.succeeded(A);
    expect(backoff.failed(A, 'orders', 0, new Error('EACCES'))).toBe(500);
  });

  it('keeps when a streak began and the last error; forgets partitions the instance no longer owns', () => {
    const backoff = new FlushBackoff();
    backoff.failed(A, 'orders', 0, new Error('first'), 1_000);
    backoff.failed(A, 'orders', 0, new Error('second'), 5_000);
    backoff.failed(B, 'orders', 1, 'not an Error', 2_000);
    expect(backoff.failing).toEqual([
      { topic: 'orders', partition: 0, failures: 2, since: 1_000, error: 'second' },
      { topic: 'orders', partition: 1, failures: 1, since: 2_000, error: 'not an Error' },
    ]);
    backoff.retain((key) => key === B);
    expect(backoff.failing.map((streak) => streak.partition)).toEqual([1]);
  });

  it('holds a waiting partition until its wait ends, or until a rebalance resumes everything', () => {
    const backoff = new FlushBackoff();
    backoff.startWaiting(A);
    expect(backoff.isWaiting(A)).toBe(true);
    expect(backoff.isWaiting(B)).toBe(false);
    backoff.stopWaiting(A);
    expect(backoff.isWaiting(A)).toBe(false);
    backoff.startWaiting(B);
    backoff.retain(() => true);
    expect(backoff.isWaiting(B)).toBe(false);
  });
});
