import { describe, expect, it } from 'vitest';
import { RegisteredPartitions } from '../../../../ingest/catalog/registered-partitions.js';

describe('registered partitions', () => {
  const clock = () => {
    const time = { ms: 0 };
    return { time, now: () => time.ms };
  };

  it('trusts a registration for recheckMs, then forgets it until it is added again', () => {
    const { time, now } = clock();
    const known = new RegisteredPartitions({ recheckMs: 1_000, limit: 10, now });
    known.add('orders/09');
    time.ms = 999;
    expect(known.has('orders/09')).toBe(true);
    time.ms = 1_000;
    expect(known.has('orders/09')).toBe(false);
    expect(known.size).toBe(0);
    known.add('orders/09');
    expect(known.has('orders/09')).toBe(true);
  });

  it('forgets the longest-registered entries past its limit; adding again makes one the newest', () => {
    const known = new RegisteredPartitions({ recheckMs: 1_000, limit: 2, now: () => 0 });
    known.add('a');
    known.add('b');
    known.add('a');
    known.add('c');
    expect(['a', 'b', 'c'].filter((key) => known.has(key))).toEqual(['a', 'c']);
  });

  it("forgets a table's entries by prefix", () => {
    const known = new RegisteredPartitions({ recheckMs: 1_000, limit: 10, now: () => 0 });
    for (const key of ['orders\u000009', 'orders\u000010', 'orders_v2\u000009']) known.add(key);
    known.forgetPrefix('orders\u0000');
    expect(known.size).toBe(1);
    expect(known.has('orders_v2\u000009')).toBe(true);
  });

  it('refuses a recheck interval or a limit that is not positive', () => {
    expect(() => new RegisteredPartitions({ recheckMs: 0, limit: 1 })).toThrow('recheckMs must be above 0, got 0');
    expect(() => new RegisteredPartitions({ recheckMs: 1, limit: 0 })).toThrow('limit must be a positive whole number');
  });

  it('tells a partition registered with other columns (its table widened since), however old', () => {
    const { time, now } = clock();
    const known = new RegisteredPartitions({ recheckMs: 1_000, limit: 10, now });
    known.add('orders/09', 'id:int');
    expect(known.status('orders/09', 'id:int')).toBe('registered');
    expect(known.status('orders/09', 'id:int,coupon:string')).toBe('stale-columns');
    expect(known.has('orders/09', 'id:int,coupon:string')).toBe(false);
    time.ms = 5_000;
    expect(known.status('orders/09', 'id:int,coupon:string')).toBe('stale-columns');
    known.add('orders/09', 'id:int,coupon:string');
    expect(known.status('orders/09', 'id:int,coupon:string')).toBe('registered');
    time.ms = 6_000;
    expect(known.status('orders/09', 'id:int,coupon:string')).toBe('unknown');
    expect(known.status('orders/10')).toBe('unknown');
  });
});
