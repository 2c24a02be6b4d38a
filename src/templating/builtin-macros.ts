import type { DatePart, Dialect, PortableType } from '../adapters/contract.js';
import { StrataError } from '../errors/strata-error.js';
import { splitArguments, stringArgument, type CallArguments } from './template-args.js';

type BuiltinMacro = (dialect: Dialect, call: CallArguments) => string;

const DATE_PARTS: readonly DatePart[] = ['second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'];

function required(call: CallArguments, index: number, name: string, macro: string): string {
  const value = stringArgument(call, index, name);
  if (value === undefined) throw new StrataError(`${macro}() needs the argument '${name}'`);
  return value;
}

function datePart(call: CallArguments, macro: string): DatePart {
  const part = required(call, 0, 'datepart', macro)
    .replace(/^['"]|['"]$/g, '')
    .toLowerCase();
  if (!(DATE_PARTS as readonly string[]).includes(part)) {
    throw new StrataError(`${macro}(): unknown date part '${part}'`, { hint: `Use one of: ${DATE_PARTS.join(', ')}.` });
  }
  return part as DatePart;
}

function typeMacro(type: PortableType): BuiltinMacro {
  return (dialect) => dialect.typeName(type);
}

function listArgument(call: CallArguments, macro: string): string[] {
  const value = call.positional[0] ?? call.keywords.field_list ?? call.keywords.fields;
  if (!Array.isArray(value))
    throw new StrataError(`${macro}() takes a list of column expressions, e.g. ${macro}(['a', 'b'])`);
  return value.map(String);
}

/**
 * The cross-database macros every project can call. Each dispatches to the target's
 * Dialect unless the project defines `<adapter>__<name>` or `default__<name>`.
 */
export const BUILTIN_MACROS: Record<string, BuiltinMacro> = {
  date_trunc: (d, c) => d.dateTrunc(datePart(c, 'date_trunc'), required(c, 1, 'date', 'date_trunc')),
  dateadd: (d, c) =>
    d.dateAdd(
      datePart(c, 'dateadd'),
      required(c, 1, 'interval', 'dateadd'),
      required(c, 2, 'from_date_or_timestamp', 'dateadd'),
    ),
  datediff: (d, c) =>
    d.dateDiff(
      datePart(c, 'datediff'),
      required(c, 1, 'first_date', 'datediff'),
      required(c, 2, 'second_date', 'datediff'),
    ),
  safe_cast: (d, c) => d.safeCast(required(c, 0, 'field', 'safe_cast'), required(c, 1, 'type', 'safe_cast')),
  current_timestamp: (d) => d.currentTimestamp(),
  hash: (d, c) => d.hash(required(c, 0, 'field', 'hash')),
  generate_surrogate_key: (d, c) => d.surrogateKey(listArgument(c, 'generate_surrogate_key')),
  string_agg: (d, c) =>
    d.stringAgg(
      required(c, 0, 'measure', 'string_agg'),
      required(c, 1, 'delimiter_text', 'string_agg'),
      stringArgument(c, 2, 'order_by_clause'),
    ),
  listagg: (d, c) =>
    d.stringAgg(
      required(c, 0, 'measure', 'listagg'),
      required(c, 1, 'delimiter_text', 'listagg'),
      stringArgument(c, 2, 'order_by_clause'),
    ),
  type_string: typeMacro('string'),
  type_int: typeMacro('integer'),
  type_bigint: typeMacro('bigint'),
  type_float: typeMacro('float'),
  type_numeric: typeMacro('numeric'),
  type_boolean: typeMacro('boolean'),
  type_timestamp: typeMacro('timestamp'),
  type_date: typeMacro('date'),
  type_json: typeMacro('json'),
};

/** Call a built-in macro with nunjucks-style arguments. */
export function callBuiltinMacro(name: string, dialect: Dialect, args: unknown[]): string {
  const macro = BUILTIN_MACROS[name];
  if (!macro) throw new Error(`no built-in macro ${name}`);
  return macro(dialect, splitArguments(args));
}
