import { describe, expect, it } from 'vitest';
import {
  checksFreshness,
  freshnessMethod,
  freshnessStatus,
  thresholdSeconds,
} from '../../../src/freshness/freshness-criteria.js';
import { mergeFreshness } from '../../../src/parser/schema-freshness.js';
import { source } from '../graph/fixtures.js';

const HOUR = 3600;
const criteria = { warnAfter: { count: 1, period: 'hour' as const }, errorAfter: { count: 1, period: 'day' as const } };

describe('freshness thresholds', () => {
  it('counts minutes, hours and days in seconds', () => {
    expect(thresholdSeconds({ count: 30, period: 'minute' })).toBe(1800);
    expect(thresholdSeconds({ count: 6, period: 'hour' })).toBe(6 * HOUR);
    expect(thresholdSeconds({ count: 2, period: 'day' })).toBe(48 * HOUR);
  });

  it('passes until warn_after, warns until error_after, then errors', () => {
    expect(freshnessStatus(5 * 60, criteria)).toBe('pass');
    expect(freshnessStatus(3 * HOUR, criteria)).toBe('warn');
    expect(freshnessStatus(3 * 24 * HOUR, criteria)).toBe('error');
  });

  it('exceeds a threshold only past it, as dbt (an age equal to warn_after passes)', () => {
    expect(freshnessStatus(HOUR, criteria)).toBe('pass');
    expect(freshnessStatus(HOUR + 0.001, criteria)).toBe('warn');
    expect(freshnessStatus(24 * HOUR, criteria)).toBe('warn');
  });

  it('rates with only one of the two thresholds', () => {
    expect(freshnessStatus(2 * HOUR, { errorAfter: { count: 1, period: 'hour' } })).toBe('error');
    expect(freshnessStatus(30 * 24 * HOUR, { warnAfter: { count: 1, period: 'hour' } })).toBe('warn');
  });
});

describe('which sources are checked', () => {
  it('needs a threshold; without loaded_at_field or loaded_at_query it is measured by metadata', () => {
    const base = source('bronze', 'orders');
    expect(checksFreshness({ ...base, loadedAtField: 'ingested_at', freshness: criteria })).toBe(true);
    expect(freshnessMethod({ ...base, loadedAtField: 'ingested_at', freshness: criteria })).toBe('loaded_at_field');
    expect(freshnessMethod({ ...base, loadedAtQuery: 'select 1', freshness: criteria })).toBe('loaded_at_query');
    expect(checksFreshness({ ...base, freshness: criteria })).toBe(true);
    expect(freshnessMethod({ ...base, freshness: criteria })).toBe('metadata');
    // `freshness: null` on the table
    expect(checksFreshness({ ...base, loadedAtField: 'ingested_at', freshness: null })).toBe(false);
    // a filter alone is no threshold
    expect(checksFreshness({ ...base, loadedAtField: 'ingested_at', freshness: { filter: 'x = 1' } })).toBe(false);
  });
});

describe('a table freshness over its source freshness', () => {
  it("keeps the source's keys the table does not set, as dbt merges them", () => {
    const table = { warnAfter: { count: 12, period: 'hour' as const }, filter: "kind = 'a'" };
    expect(mergeFreshness(criteria, table)).toEqual({ ...criteria, ...table });
  });

  it('inherits the source freshness, and `freshness: null` turns it off', () => {
    expect(mergeFreshness(criteria, undefined)).toEqual(criteria);
    expect(mergeFreshness(criteria, null)).toBeNull();
    expect(mergeFreshness(undefined, criteria)).toEqual(criteria);
  });

  it("gives a table under a source's `freshness: null` only its own", () => {
    expect(mergeFreshness(null, undefined)).toBeNull();
    const own = { warnAfter: { count: 3, period: 'hour' as const } };
    expect(mergeFreshness(null, own)).toEqual(own);
  });
});
