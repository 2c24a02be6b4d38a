import { describe, expect, it } from 'vitest';
import { describeRanKinds } from '../../../src/execution/ran-kinds.js';

describe('describeRanKinds', () => {
  it("lists the kinds in the order of dbt's names, whatever order they ran in", () => {
    const counts = new Map([
      ['view model', 3],
      ['test', 1],
      ['seed', 1],
      ['exposure', 2],
      ['project hook', 4],
    ]);
    expect(describeRanKinds(counts)).toBe('2 exposures, 4 project hooks, 1 seed, 1 test, 3 view models');
  });

  it("writes dbt's words: `1 test` but `2 data tests`, unit tests and materialized views with spaces", () => {
    const counts = new Map([
      ['unit_test', 2],
      ['test', 2],
      ['materialized_view model', 1],
      ['table model', 1],
    ]);
    // sorted by dbt's names: `test` after `table model`
    expect(describeRanKinds(counts)).toBe('1 materialized view model, 1 table model, 2 data tests, 2 unit tests');
  });
});
