import { describe, expect, it } from 'vitest';
import { evaluateTestResult, readTestResultRow, testResultQuery } from '../../../src/data-tests/test-result-query.js';

describe('testResultQuery', () => {
  it('counts failing rows with the default != 0 conditions', () => {
    expect(testResultQuery('select 1 as x')).toBe(
      [
        'select',
        '    failures,',
        '    (failures != 0) as should_warn,',
        '    (failures != 0) as should_error',
        'from (',
        '    select count(*) as failures',
        '    from (',
        'select 1 as x',
        '    ) strata_internal_test',
        ') strata_test_count',
      ].join('\n'),
    );
  });

  it('renders combined conditions against the failure count', () => {
    const sql = testResultQuery('select 1', { warnIf: '>10', errorIf: '>= 5 AND < 100 or == 1000' });
    expect(sql).toContain('(failures > 10) as should_warn');
    expect(sql).toContain('(failures >= 5 and failures < 100 or failures = 1000) as should_error');
  });

  it('applies a limit inside the counted subquery', () => {
    expect(testResultQuery('select 1', { limit: 50 })).toContain('select 1\n    limit 50\n    ) strata_internal_test');
  });

  it('strips a trailing semicolon and survives a trailing line comment', () => {
    const sql = testResultQuery('select 1 -- the end;\n;');
    expect(sql).toContain('select 1 -- the end\n    ) strata_internal_test');
  });

  it.each(['> 1; drop table users', '1', '>', '> x', 'between 1 and 2', '> 1 and', '>1 union select 1', '!= 0 --'])(
    'rejects the condition %j',
    (condition) => {
      expect(() => testResultQuery('select 1', { warnIf: condition })).toThrow(/Invalid warn_if condition/);
      expect(() => testResultQuery('select 1', { errorIf: condition })).toThrow(/Invalid error_if condition/);
    },
  );

  it.each([-1, 1.5, Number.NaN])('rejects the limit %s', (limit) => {
    expect(() => testResultQuery('select 1', { limit })).toThrow(/Invalid test limit/);
  });
});

describe('evaluateTestResult', () => {
  it.each([
    // failures, shouldWarn, shouldError, severity, expected status
    [0, false, false, 'error', 'pass'],
    [3, true, true, 'error', 'fail'],
    [3, true, false, 'error', 'warn'],
    [3, false, true, 'error', 'fail'],
    [3, false, false, 'error', 'pass'],
    [3, true, true, 'warn', 'warn'],
    [3, false, true, 'warn', 'pass'],
    [0, false, false, 'warn', 'pass'],
  ] as const)(
    '%i failures, warn=%s, error=%s, severity %s -> %s',
    (failures, shouldWarn, shouldError, severity, status) => {
      expect(evaluateTestResult({ failures, shouldWarn, shouldError }, severity)).toEqual({ status, failures });
    },
  );

  it('defaults to severity error', () => {
    expect(evaluateTestResult({ failures: 1, shouldWarn: true, shouldError: true }).status).toBe('fail');
  });
});

describe('readTestResultRow', () => {
  it('normalizes bigint counts, upper-case names and string booleans', () => {
    expect(readTestResultRow({ failures: 3n, should_warn: true, should_error: false })).toEqual({
      failures: 3,
      shouldWarn: true,
      shouldError: false,
    });
    expect(readTestResultRow({ FAILURES: '2', SHOULD_WARN: 'true', SHOULD_ERROR: 0 })).toEqual({
      failures: 2,
      shouldWarn: true,
      shouldError: false,
    });
  });

  it('refuses a non-numeric count', () => {
    expect(() => readTestResultRow({ failures: 'many' })).toThrow(/non-numeric/);
  });
});
