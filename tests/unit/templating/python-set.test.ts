import { describe, expect, it } from 'vitest';
import { dbtSet, dbtTrySet, PySet } from '../../../src/templating/python-set.js';
import { renderJinja } from './jinja-render.js';

describe("dbt's set()", () => {
  it('keeps distinct items in first-seen order and compares without regard to order', () => {
    const template =
      "{% set a = set(['x', 'y', 'x']) %}{% set b = set(['y', 'x']) %}{{ a | length }} {{ a | join(',') }} " +
      "{{ a == b }} {{ a != set(['x']) }} {{ 'y' in a }}";
    expect(renderJinja(template)).toBe('2 x,y True True True');
  });

  it('has the set methods dbt code calls', () => {
    const set = PySet.collect([1, 2, 3]);
    expect([...set.difference([2])]).toEqual([1, 3]);
    expect([...set.intersection([3, 4])]).toEqual([3]);
    expect([...set.union([4])]).toEqual([1, 2, 3, 4]);
    expect(set.issubset([1, 2, 3, 4])).toBe(true);
    set.add(2);
    set.discard(1);
    expect([...set]).toEqual([2, 3]);
  });

  it('gives the default for a value with no items; try_set raises instead', () => {
    expect(dbtSet(5, 'none')).toBe('none');
    expect(() => dbtTrySet(5)).toThrow(/not a list/);
  });
});
