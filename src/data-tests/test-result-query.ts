/**
 * Turning failing rows into a verdict, like dbt's `get_test_sql`: one row with the
 * failure count and whether it crosses `warn_if` / `error_if`.
 */
import type { Severity } from '../manifest/types.js';
import { StrataError } from '../errors/strata-error.js';

/** Test config read by {@link testResultQuery}. */
export interface TestResultQueryConfig {
  /** e.g. `>10`; default `!= 0` */
  warnIf?: string;
  /** e.g. `>= 100 and < 1000`; default `!= 0` */
  errorIf?: string;
  /** cap on failing rows counted (dbt's `limit`) */
  limit?: number;
  /** SQL aggregate over the failing rows giving the failure count (dbt's `fail_calc`); default `count(*)` */
  failCalc?: string;
}

/** The one row a result query returns, normalized. */
export interface TestResultRow {
  failures: number;
  shouldWarn: boolean;
  shouldError: boolean;
}

/** A test's verdict as recorded in run_results. */
export interface TestOutcome {
  status: 'pass' | 'warn' | 'fail';
  failures: number;
}

const DEFAULT_CONDITION = '!= 0';
const COMPARISON = String.raw`(!=|<>|>=|<=|==|=|>|<)\s*(-?\d+(?:\.\d+)?)`;
// Only comparisons with numbers, optionally chained by and/or: the condition is spliced
// into SQL, so anything richer would be an injection path.
const CONDITION_PATTERN = new RegExp(String.raw`^\s*${COMPARISON}(\s+(and|or)\s+${COMPARISON})*\s*$`, 'i');

/**
 * A query returning one row `failures, should_warn, should_error` over the failing rows.
 * Conditions are validated; a bad one throws a StrataError (the caller adds the location).
 */
export function testResultQuery(failingRowsSql: string, config: TestResultQueryConfig = {}): string {
  const warnIf = conditionSql('failures', config.warnIf, 'warn_if');
  const errorIf = conditionSql('failures', config.errorIf, 'error_if');
  const limit = limitSql(config.limit);
  // Trailing semicolons would break the subquery; the newline keeps a trailing
  // `-- comment` from swallowing the closing parenthesis.
  const body = failingRowsSql.trim().replace(/[\s;]+$/, '');
  return [
    'select',
    '    failures,',
    `    ${warnIf} as should_warn,`,
    `    ${errorIf} as should_error`,
    'from (',
    // fail_calc is SQL of the project's own, like a model's; over no rows an aggregate (sum) is null: no failures
    `    select ${config.failCalc === undefined ? 'count(*)' : `coalesce(${config.failCalc}, 0)`} as failures`,
    '    from (',
    body,
    ...(limit ? [limit] : []),
    '    ) strata_internal_test',
    ') strata_test_count',
  ].join('\n');
}

/**
 * The verdict from the result row and the test's severity, like dbt: severity `warn`
 * never fails (it warns when `warn_if` holds); severity `error` fails when `error_if`
 * holds, else warns when `warn_if` holds, else passes.
 */
export function evaluateTestResult(row: TestResultRow, severity: Severity = 'error'): TestOutcome {
  const { failures } = row;
  if (severity === 'error' && row.shouldError) return { status: 'fail', failures };
  if (row.shouldWarn) return { status: 'warn', failures };
  return { status: 'pass', failures };
}

/**
 * Normalize a result row as drivers return it: column names in any case (Snowflake
 * upper-cases), counts as bigint or string, booleans as strings or 0/1 (Athena).
 */
export function readTestResultRow(row: Record<string, unknown>): TestResultRow {
  const byName = new Map(Object.entries(row).map(([key, value]) => [key.toLowerCase(), value]));
  return {
    failures: toNumber(byName.get('failures')),
    shouldWarn: toBoolean(byName.get('should_warn')),
    shouldError: toBoolean(byName.get('should_error')),
  };
}

function conditionSql(subject: string, condition: string | undefined, key: string): string {
  const text = condition ?? DEFAULT_CONDITION;
  if (!CONDITION_PATTERN.test(text)) {
    throw new StrataError(`Invalid ${key} condition "${text}"`, {
      hint: 'Use a comparison with a number, e.g. "!= 0", ">10" or ">= 5 and < 100".',
    });
  }
  const parts: string[] = [];
  for (const match of text.matchAll(new RegExp(String.raw`(?:^|\s+(and|or)\s+)\s*${COMPARISON}`, 'gi'))) {
    const [, joiner, operator, number] = match;
    if (joiner) parts.push(joiner.toLowerCase());
    parts.push(`${subject} ${operator === '==' ? '=' : operator} ${number}`);
  }
  return `(${parts.join(' ')})`;
}

function limitSql(limit: number | undefined): string | undefined {
  if (limit === undefined) return undefined;
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new StrataError(`Invalid test limit "${String(limit)}"`, { hint: 'Use a whole number, e.g. limit: 1000.' });
  }
  return `    limit ${limit}`;
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  throw new Error(`Test result query returned a non-numeric failures value: ${String(value)}`);
}

function toBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return Number(value) !== 0;
  if (typeof value === 'string') return ['true', 't', '1', 'yes'].includes(value.trim().toLowerCase());
  return false;
}
