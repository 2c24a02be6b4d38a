import type { Dialect } from '../adapters/contract.js';
import { StrataError } from '../errors/strata-error.js';
import type { MacroArguments } from './builtin-arguments.js';
import { boundariesBetween, readDateLiteral } from './date-literal.js';

/**
 * dbt's series macros: `get_powers_of_two`, `generate_series`, `get_intervals_between` and
 * `date_spine`, with dbt's signatures and rows. The SQL is plain enough for every dialect;
 * only the `dateadd` inside date_spine is the warehouse's own.
 */

/** The smallest n >= 1 with upper_bound <= 2^n: how many doublings generate_series needs. */
export function powersOfTwo(args: MacroArguments): number {
  return doublings(positiveBound(args));
}

/** The whole numbers 1..upper_bound in a column `generated_number`, from cross joins of {0, 1}. */
export function generateSeries(args: MacroArguments): string {
  return seriesSql(positiveBound(args));
}

function positiveBound(args: MacroArguments): number {
  const upperBound = args.integer('upper_bound');
  if (upperBound <= 0) throw args.error('upper_bound', `must be positive, got ${upperBound}`);
  return upperBound;
}

function doublings(upperBound: number): number {
  let n = 1;
  while (upperBound > 2 ** n) n++;
  return n;
}

function seriesSql(upperBound: number): string {
  const digits = Array.from({ length: doublings(upperBound) }, (_, i) => i);
  // literal powers keep generated_number an integer (power() is a float on most engines)
  const sum = digits.map((i) => `p${i}.generated_number * ${2 ** i}`).join('\n     + ');
  const from = digits.map((i) => `p as p${i}`).join(' cross join ');
  return [
    'with p as (',
    '    select 0 as generated_number union all select 1',
    '), unioned as (',
    `    select ${sum}`,
    '     + 1 as generated_number',
    `    from ${from}`,
    ')',
    'select *',
    'from unioned',
    `where generated_number <= ${upperBound}`,
    'order by generated_number',
  ].join('\n');
}

/**
 * The number of `datepart` boundaries between two dates. dbt asks the warehouse; Strata
 * reads the two dates as literals at compile time, which gives the same number without a
 * connection, and asks for literals when either is an expression.
 */
export function intervalsBetween(args: MacroArguments): number {
  const [start, end] = (['start_date', 'end_date'] as const).map((name) => {
    const moment = readDateLiteral(args.sql(name));
    if (!moment) {
      throw new StrataError(`${args.macro}(): '${name}' must be a date literal, got ${args.sql(name)}`, {
        hint:
          `Strata counts the intervals at compile time: write the date as a literal, ` +
          `e.g. "cast('2024-01-01' as date)".`,
      });
    }
    return moment;
  });
  return boundariesBetween(start!, end!, args.datePart('datepart'));
}

/** One row per `datepart` from start_date up to end_date (excluded), in `date_<datepart>`. */
export function dateSpine(dialect: Dialect, args: MacroArguments): string {
  const part = args.datePart('datepart');
  const start = args.sql('start_date');
  const intervals = intervalsBetween(args);
  if (intervals < 1) throw args.error('end_date', `must be at least one ${part} after start_date`);
  const period = dialect.dateAdd(part, 'row_number() over (order by 1) - 1', start);
  return [
    'with rawdata as (',
    seriesSql(intervals),
    '), all_periods as (',
    `    select (${period}) as date_${part}`,
    '    from rawdata',
    '), filtered as (',
    '    select *',
    '    from all_periods',
    `    where date_${part} <= ${args.sql('end_date')}`,
    ')',
    'select * from filtered',
  ].join('\n');
}
