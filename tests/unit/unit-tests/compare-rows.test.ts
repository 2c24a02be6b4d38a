import { describe, expect, it } from 'vitest';
import { diffRows, formatRowDiff, rowsMatch } from '../../../src/unit-tests/compare-rows.js';

describe('diffRows', () => {
  it('matches rows in any order', () => {
    const diff = diffRows(['id'], [['1'], ['2']], [['2'], ['1']]);
    expect(rowsMatch(diff)).toBe(true);
  });

  it('counts duplicates: a row expected twice and returned once is missing once', () => {
    const diff = diffRows(['id'], [['1'], ['1']], [['1']]);
    expect(diff.missing).toEqual([['1']]);
    expect(diff.unexpected).toEqual([]);
  });

  it('tells null from the text "null" and from an empty string', () => {
    const diff = diffRows(['v'], [[null], ['']], [['null'], [null]]);
    expect(diff.missing).toEqual([['']]);
    expect(diff.unexpected).toEqual([['null']]);
  });
});

describe('formatRowDiff', () => {
  it('aligns the columns and marks expected-only rows - and actual-only rows +', () => {
    const text = formatRowDiff(
      diffRows(
        ['id', 'country_name'],
        [['1', 'France']],
        [
          ['1', 'Germany'],
          ['2', null],
        ],
      ),
    );
    expect(text).toBe(
      [
        'actual differs from expected (- expected only, + actual only):',
        '',
        '  id | country_name',
        '- 1  | France',
        '+ 1  | Germany',
        '+ 2  | null',
      ].join('\n'),
    );
  });
});

describe('diffRows on decimals', () => {
  it("ignores a decimal's trailing zeros, not its digits", () => {
    expect(rowsMatch(diffRows(['amount'], [['20'], ['1.5']], [['20.00'], ['1.50']]))).toBe(true);
    expect(rowsMatch(diffRows(['amount'], [['20']], [['200']]))).toBe(false);
    expect(rowsMatch(diffRows(['code'], [['10']], [['1.0']]))).toBe(false);
  });
});
