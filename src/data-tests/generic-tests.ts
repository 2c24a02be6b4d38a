/**
 * SQL of the built-in generic data tests. Each test is a tiny builder returning a query
 * that selects the failing rows (dbt's semantics); adding a test is one registry entry.
 */
import type { Dialect } from '../adapters/contract.js';
import type { GenericTestMetadata } from '../manifest/types.js';
import { StrataError } from '../errors/strata-error.js';

/** What a generic test builder receives. */
export interface GenericTestContext {
  /** test name, for error messages */
  testName: string;
  /** the rendered relation (or where-subquery) of the node under test */
  target: string;
  kwargs: Record<string, unknown>;
  dialect: Dialect;
  resolveRelation: (refOrSourceText: string) => string;
  /** select whole rows rather than the column alone (stored failures want context) */
  selectAllColumns: boolean;
}

/** Builds the failing-rows query of one generic test. */
export type GenericTestBuilder = (context: GenericTestContext) => string;

/** Options of {@link genericTestSql}. */
export interface GenericTestSqlOptions {
  /** the test stores its failures: tests that can select whole rows do so (like dbt) */
  storeFailures?: boolean;
}

function notNull(c: GenericTestContext): string {
  const column = columnName(c);
  return [`select ${c.selectAllColumns ? '*' : column}`, `from ${c.target}`, `where ${column} is null`].join('\n');
}

function unique(c: GenericTestContext): string {
  const column = columnName(c);
  return [
    'select',
    `    ${column} as unique_field,`,
    '    count(*) as n_records',
    `from ${c.target}`,
    `where ${column} is not null`,
    `group by ${column}`,
    'having count(*) > 1',
  ].join('\n');
}

function relationships(c: GenericTestContext): string {
  const column = columnName(c);
  const parent = c.resolveRelation(stringKwarg(c, 'to'));
  const field = stringKwarg(c, 'field');
  return [
    'with child as (',
    `    select ${column} as from_field`,
    `    from ${c.target}`,
    `    where ${column} is not null`,
    '),',
    'parent as (',
    `    select ${field} as to_field`,
    `    from ${parent}`,
    ')',
    'select from_field',
    'from child',
    'left join parent on child.from_field = parent.to_field',
    'where parent.to_field is null',
  ].join('\n');
}

function acceptedValues(c: GenericTestContext): string {
  const column = columnName(c);
  const list = acceptedValueList(c).join(', ');
  // Grouped like dbt: one failing row per unexpected value. A null value makes
  // `not in` unknown, so nulls are never failures (not_null covers them).
  return [
    'with all_values as (',
    '    select',
    `        ${column} as value_field,`,
    '        count(*) as n_records',
    `    from ${c.target}`,
    `    group by ${column}`,
    ')',
    'select *',
    'from all_values',
    `where value_field not in (${list})`,
  ].join('\n');
}

/** The built-in generic tests by name. */
export const GENERIC_TESTS: ReadonlyMap<string, GenericTestBuilder> = new Map<string, GenericTestBuilder>([
  ['not_null', notNull],
  ['unique', unique],
  ['relationships', relationships],
  ['accepted_values', acceptedValues],
]);

/**
 * The failing-rows query of a generic test attached to `target` (an already rendered
 * relation, possibly a `where` subquery). `column_name` and `field` are used raw, as dbt
 * does, so they may be expressions. Throws a StrataError without a location for an
 * unknown test or bad arguments; the caller adds the file and line.
 */
export function genericTestSql(
  meta: GenericTestMetadata,
  target: string,
  dialect: Dialect,
  resolveRelation: (refOrSourceText: string) => string,
  options: GenericTestSqlOptions = {},
): string {
  const builder = GENERIC_TESTS.get(meta.name);
  if (!builder) {
    throw new StrataError(`Unknown generic test "${meta.name}"`, {
      hint: `Known generic tests: ${[...GENERIC_TESTS.keys()].join(', ')}.`,
    });
  }
  return builder({
    testName: meta.name,
    target,
    kwargs: meta.kwargs,
    dialect,
    resolveRelation,
    selectAllColumns: options.storeFailures === true,
  });
}

function columnName(c: GenericTestContext): string {
  return stringKwarg(c, 'column_name');
}

function stringKwarg(c: GenericTestContext, key: string): string {
  const value = c.kwargs[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new StrataError(`Test "${c.testName}" needs a "${key}" argument (a non-empty string)`);
  }
  return value;
}

function acceptedValueList(c: GenericTestContext): string[] {
  const values = c.kwargs['values'];
  if (!Array.isArray(values) || values.length === 0) {
    throw new StrataError(`Test "${c.testName}" needs a "values" argument (a non-empty list)`);
  }
  const quote = c.kwargs['quote'] ?? true;
  if (typeof quote !== 'boolean') {
    throw new StrataError(`Test "${c.testName}": "quote" must be true or false`);
  }
  return values.map((value: unknown) => {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new StrataError(`Test "${c.testName}": every accepted value must be a string, number or boolean`);
    }
    // quote: false passes values raw, as dbt does, so numbers and expressions work.
    return quote ? c.dialect.quoteString(String(value)) : String(value);
  });
}
