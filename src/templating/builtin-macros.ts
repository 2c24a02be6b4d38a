import type { Dialect, PortableType } from '../adapters/contract.js';
import { StrataError } from '../errors/strata-error.js';
import { isDatePart, jinjaString, MacroArguments, type Parameter } from './builtin-arguments.js';
import { isCalendarDay } from './date-literal.js';
import { dateSpine, generateSeries, intervalsBetween, powersOfTwo } from './series-macros.js';
import { splitArguments, type CallArguments } from './template-args.js';

/** A built-in macro: SQL text (or, for a few helpers, a number) from the target's Dialect. */
type BuiltinMacro = (dialect: Dialect, call: CallArguments) => string | number;

/** A macro with dbt's parameter names and defaults, rendered from its bound arguments. */
function macro(
  name: string,
  parameters: readonly Parameter[],
  render: (dialect: Dialect, args: MacroArguments) => string | number,
): [string, BuiltinMacro] {
  return [name, (dialect, call) => render(dialect, MacroArguments.bind(name, parameters, call))];
}

function typeMacro(name: string, type: PortableType): [string, BuiltinMacro] {
  return macro(name, [], (d) => d.typeName(type));
}

/** dbt's listagg takes `order by x`; Strata's string_agg took `x`: both are read. */
function orderByExpression(clause: string | undefined): string | undefined {
  return clause?.replace(/^\s*order\s+by\s+/i, '');
}

function listagg(name: string, defaultDelimiter: unknown): [string, BuiltinMacro] {
  const parameters = ['measure', ['delimiter_text', defaultDelimiter], ['order_by_clause', null], ['limit_num', null]];
  return macro(name, parameters as Parameter[], (d, a) =>
    d.stringAgg(
      a.sql('measure'),
      a.sql('delimiter_text'),
      orderByExpression(a.optionalSql('order_by_clause')),
      // as in dbt, a limit of 0 (or none) is no limit
      a.raw('limit_num') ? a.sql('limit_num') : undefined,
    ),
  );
}

function datediff(dialect: Dialect, args: MacroArguments): string {
  // The order before dbt's: datediff('day', a, b). Rendering it would compare wrong things.
  if (isDatePart(args.raw('first_date')) && !isDatePart(args.raw('datepart'))) {
    const corrected = ['second_date', 'datepart', 'first_date'].map((n) => jinjaString(args.raw(n)));
    throw new StrataError(
      'datediff() takes the date part last, as in dbt: datediff(first_date, second_date, datepart)',
      {
        hint: `Write datediff(${corrected.join(', ')}).`,
      },
    );
  }
  return dialect.dateDiff(args.datePart('datepart'), args.sql('first_date'), args.sql('second_date'));
}

function date(dialect: Dialect, args: MacroArguments): string {
  const [year, month, day] = [args.integer('year'), args.integer('month'), args.integer('day')];
  if (!isCalendarDay(year, month, day)) throw args.error('day', `${year}-${month}-${day} is not a date`);
  return dialect.dateFromParts(year, month, day);
}

function fieldList(args: MacroArguments): string[] {
  // generate_surrogate_key(['a', 'b']) also takes dbt_utils' older keyword `fields`
  return args.raw('fields') !== undefined ? args.list('fields') : args.list('field_list');
}

/**
 * The cross-database macros every project can call, with dbt's names, parameters and
 * results (dbt-core 1.10's `dbt` macros, plus Strata's `string_agg`, `generate_surrogate_key`,
 * `type_date` and `type_json`). Each renders through the target's Dialect unless the project
 * defines `<adapter>__<name>` or `default__<name>`. The one registry: the environment
 * exposes every entry.
 */
export const BUILTIN_MACROS: Record<string, BuiltinMacro> = Object.fromEntries([
  // dates
  macro('date_trunc', ['datepart', 'date'], (d, a) => d.dateTrunc(a.datePart('datepart'), a.sql('date'))),
  macro('dateadd', ['datepart', 'interval', 'from_date_or_timestamp'], (d, a) =>
    d.dateAdd(a.datePart('datepart'), a.sql('interval'), a.sql('from_date_or_timestamp')),
  ),
  macro('datediff', ['first_date', 'second_date', 'datepart'], datediff),
  macro('last_day', ['date', 'datepart'], (d, a) => d.lastDay(a.sql('date'), a.datePart('datepart'))),
  macro('date', ['year', 'month', 'day'], date),
  macro('current_timestamp', [], (d) => d.currentTimestamp()),
  macro('current_timestamp_backcompat', [], (d) => d.currentTimestampBackcompat()),
  macro('current_timestamp_in_utc_backcompat', [], (d) => d.currentTimestampInUtcBackcompat()),
  // casts and types
  macro('cast', ['field', 'type'], (d, a) => d.cast(a.sql('field'), a.sql('type'))),
  macro('safe_cast', ['field', 'type'], (d, a) => d.safeCast(a.sql('field'), a.sql('type'))),
  macro('cast_bool_to_text', ['field'], (d, a) => d.castBoolToText(a.sql('field'))),
  typeMacro('type_string', 'string'),
  typeMacro('type_int', 'integer'),
  typeMacro('type_bigint', 'bigint'),
  typeMacro('type_float', 'float'),
  typeMacro('type_numeric', 'numeric'),
  typeMacro('type_boolean', 'boolean'),
  typeMacro('type_timestamp', 'timestamp'),
  typeMacro('type_date', 'date'),
  typeMacro('type_json', 'json'),
  // strings
  macro('hash', ['field'], (d, a) => d.hash(a.sql('field'))),
  macro(
    'generate_surrogate_key',
    [
      ['field_list', undefined],
      ['fields', undefined],
    ],
    (d, a) => d.surrogateKey(fieldList(a)),
  ),
  macro('concat', ['fields'], (d, a) => d.concat(a.list('fields'))),
  macro('length', ['expression'], (d, a) => d.length(a.sql('expression'))),
  macro('position', ['substring_text', 'string_text'], (d, a) =>
    d.position(a.sql('substring_text'), a.sql('string_text')),
  ),
  macro('replace', ['field', 'old_chars', 'new_chars'], (d, a) =>
    d.replace(a.sql('field'), a.sql('old_chars'), a.sql('new_chars')),
  ),
  macro('right', ['string_text', 'length_expression'], (d, a) =>
    d.right(a.sql('string_text'), a.sql('length_expression')),
  ),
  macro('split_part', ['string_text', 'delimiter_text', 'part_number'], (d, a) =>
    d.splitPart(a.sql('string_text'), a.sql('delimiter_text'), a.sql('part_number')),
  ),
  macro('string_literal', ['value'], (d, a) => d.stringLiteral(a.sql('value'))),
  macro('escape_single_quotes', ['expression'], (d, a) => d.escapeSingleQuotes(a.sql('expression'))),
  // aggregates
  macro('any_value', ['expression'], (d, a) => d.anyValue(a.sql('expression'))),
  macro('bool_or', ['expression'], (d, a) => d.boolOr(a.sql('expression'))),
  listagg('listagg', "','"),
  listagg('string_agg', undefined),
  // comparisons and sets (dbt's default equals: NULLs are not equal)
  macro('equals', ['expr1', 'expr2'], (_d, a) => `(${a.sql('expr1')} = ${a.sql('expr2')})`),
  macro('except', [], () => 'except'),
  macro('intersect', [], () => 'intersect'),
  // arrays
  macro(
    'array_construct',
    [
      ['inputs', []],
      ['data_type', undefined],
    ],
    (d, a) => d.arrayConstruct(a.list('inputs'), a.optionalSql('data_type') ?? d.typeName('integer')),
  ),
  macro('array_append', ['array', 'new_element'], (d, a) => d.arrayAppend(a.sql('array'), a.sql('new_element'))),
  macro('array_concat', ['array_1', 'array_2'], (d, a) => d.arrayConcat(a.sql('array_1'), a.sql('array_2'))),
  // series
  macro('get_powers_of_two', ['upper_bound'], (_d, a) => powersOfTwo(a)),
  macro('generate_series', ['upper_bound'], (_d, a) => generateSeries(a)),
  macro('get_intervals_between', ['start_date', 'end_date', 'datepart'], (_d, a) => intervalsBetween(a)),
  macro('date_spine', ['datepart', 'start_date', 'end_date'], dateSpine),
]);

/** Call a built-in macro with nunjucks-style arguments. */
export function callBuiltinMacro(name: string, dialect: Dialect, args: unknown[]): string | number {
  const builtin = BUILTIN_MACROS[name];
  if (!builtin) throw new Error(`no built-in macro ${name}`);
  return builtin(dialect, splitArguments(args));
}
