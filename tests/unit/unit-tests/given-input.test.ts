import { describe, expect, it } from 'vitest';
import { inputCteName, parseInputCall } from '../../../src/unit-tests/given-input.js';

describe('parseInputCall', () => {
  it.each([
    ["ref('orders')", { kind: 'ref', name: 'orders' }],
    [' ref("orders") ', { kind: 'ref', name: 'orders' }],
    ["ref('shop', 'orders')", { kind: 'ref', name: 'orders', package: 'shop' }],
    ["ref('orders', v=2)", { kind: 'ref', name: 'orders' }],
    ["source('shop', 'raw_orders')", { kind: 'source', sourceName: 'shop', tableName: 'raw_orders' }],
    ['this', { kind: 'this' }],
  ])('reads %s', (text, expected) => {
    expect(parseInputCall(text)).toEqual(expected);
  });

  it.each(['ref(orders)', 'orders', "source('shop')"])('refuses %s', (text) => {
    expect(parseInputCall(text)).toBeUndefined();
  });

  it('names each input its own CTE', () => {
    expect(inputCteName({ kind: 'ref', name: 'orders' })).toBe('__strata_unit__orders');
    expect(inputCteName({ kind: 'source', sourceName: 'shop', tableName: 'orders' })).toBe(
      '__strata_unit__shop__orders',
    );
    expect(inputCteName({ kind: 'this' })).toBe('__strata_unit__this');
  });
});
