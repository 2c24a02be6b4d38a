import { describe, expect, it } from 'vitest';
import { applyWhere } from '../../../src/data-tests/where.js';

describe('applyWhere', () => {
  it('wraps the target in a filtered subquery', () => {
    expect(applyWhere('"main"."orders"', "status <> 'test'")).toBe(
      '(select * from "main"."orders" where status <> \'test\') strata_subquery',
    );
  });

  it.each([undefined, '', '   '])('leaves the target alone without a filter (%j)', (where) => {
    expect(applyWhere('"main"."orders"', where)).toBe('"main"."orders"');
  });
});
