import { describe, expect, it } from 'vitest';
import { feedersRewound, rangesBetween } from '../../../src/execution/runners/upstream-feed.js';

const cursor = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('a ref-fed batch: the offsets between the model and its feeders', () => {
  it('takes per topic partition the offsets from the model cursor (0 where it has none) to the bound', () => {
    const ranges = rangesBetween(
      cursor({ 'orders/0': 4, 'orders/1': 7, 'clicks/0': 3 }),
      cursor({ 'orders/0': 9, 'orders/1': 7, 'clicks/0': 5, 'clicks/2': 2 }),
    );
    expect(Object.fromEntries(ranges)).toEqual({
      orders: [{ partition: 0, start: 4, end: 9 }],
      clicks: [
        { partition: 0, start: 3, end: 5 },
        { partition: 2, start: 0, end: 2 },
      ],
    });
  });

  it('is empty when the feeders hold nothing new', () => {
    expect(rangesBetween(cursor({ 'orders/0': 4 }), cursor({ 'orders/0': 4 })).size).toBe(0);
  });

  it('tells feeders rebuilt from a feed that started over (behind the model) from feeders ahead', () => {
    expect(feedersRewound(cursor({ 'orders/0': 40 }), cursor({ 'orders/0': 3 }))).toBe(true);
    expect(feedersRewound(cursor({ 'orders/1': 2 }), cursor({ 'orders/0': 3 }))).toBe(true);
    expect(feedersRewound(cursor({ 'orders/0': 3 }), cursor({ 'orders/0': 9, 'orders/1': 1 }))).toBe(false);
  });
});
