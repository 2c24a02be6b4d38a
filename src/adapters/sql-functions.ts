import type { CrossDatabaseFunctions, DatePart, PortableType } from './contract.js';

/** ANSI type names; dialects override the few that differ. */
const ANSI_TYPES: Record<PortableType, string> = {
  string: 'VARCHAR',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  float: 'DOUBLE PRECISION',
  numeric: 'DECIMAL(38,6)',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
  date: 'DATE',
  json: 'VARCHAR',
};

/** ANSI intervals have no WEEK or QUARTER unit: express them in days and months. */
const ANSI_INTERVAL: Record<DatePart, [factor: number, unit: string]> = {
  second: [1, 'SECOND'],
  minute: [1, 'MINUTE'],
  hour: [1, 'HOUR'],
  day: [1, 'DAY'],
  week: [7, 'DAY'],
  month: [1, 'MONTH'],
  quarter: [3, 'MONTH'],
  year: [1, 'YEAR'],
};

/**
 * The SQL behind the cross-database macros (literals, types, dates, strings, aggregates,
 * arrays), with the defaults most warehouses share. A warehouse sets the protected knobs
 * or overrides the one function it spells differently; `BaseDialect` adds the DDL and DML.
 */
export abstract class SqlFunctions implements CrossDatabaseFunctions {
  /** Type names that differ from ANSI. */
  protected readonly typeOverrides: Partial<Record<PortableType, string>> = {};
  /** `CAST` is not safe; warehouses with a failure-tolerant cast name it here. */
  protected readonly safeCastFunction: string = 'CAST';
  /** Redshift and Snowflake read `\` as an escape inside string literals. */
  protected readonly escapeBackslashes: boolean = false;
  /** `DATEADD(day, n, x)` / `DATEDIFF(day, a, b)` (Redshift, Snowflake) instead of ANSI forms. */
  protected readonly dateaddFunctions: boolean = false;

  quoteString(value: string): string {
    const escaped = this.escapeBackslashes ? value.replace(/\\/g, '\\\\') : value;
    return `'${escaped.replace(/'/g, "''")}'`;
  }

  typeName(type: PortableType): string {
    return this.typeOverrides[type] ?? ANSI_TYPES[type];
  }

  stringLiteral(value: string): string {
    return this.quoteString(value);
  }

  // The inside of the literal quoteString makes: the same escapes, without the quotes.
  escapeSingleQuotes(value: string): string {
    return this.quoteString(value).slice(1, -1);
  }

  cast(expression: string, type: string): string {
    return `CAST(${expression} AS ${type})`;
  }

  safeCast(expression: string, type: string): string {
    return `${this.safeCastFunction}(${expression} AS ${type})`;
  }

  castBoolToText(expression: string): string {
    return this.cast(expression, this.typeName('string'));
  }

  // date_trunc('part', x) is not ANSI but every target warehouse spells it this way.
  dateTrunc(part: DatePart, expression: string): string {
    return `date_trunc('${part}', ${expression})`;
  }

  dateAdd(part: DatePart, amount: string, expression: string): string {
    if (this.dateaddFunctions) return `DATEADD(${part}, ${amount}, ${expression})`;
    const [factor, unit] = ANSI_INTERVAL[part];
    const scaled = factor === 1 ? `(${amount})` : `(${amount}) * ${factor}`;
    return `(${expression} + ${scaled} * INTERVAL '1' ${unit})`;
  }

  // ANSI has no date difference function; date_diff('part', a, b) is DuckDB's and Trino's.
  dateDiff(part: DatePart, start: string, end: string): string {
    if (this.dateaddFunctions) return `DATEDIFF(${part}, ${start}, ${end})`;
    return `date_diff('${part}', ${start}, ${end})`;
  }

  // The day before the start of the next period, as a date.
  lastDay(expression: string, part: DatePart): string {
    const nextPeriod = this.dateAdd(part, '1', this.dateTrunc(part, expression));
    return this.cast(this.dateAdd('day', '-1', nextPeriod), this.typeName('date'));
  }

  dateFromParts(year: number, month: number, day: number): string {
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    return this.cast(`'${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}'`, this.typeName('date'));
  }

  currentTimestamp(): string {
    return 'CURRENT_TIMESTAMP';
  }

  currentTimestampBackcompat(): string {
    return this.cast('CURRENT_TIMESTAMP', this.typeName('timestamp'));
  }

  currentTimestampInUtcBackcompat(): string {
    return this.cast(`CURRENT_TIMESTAMP AT TIME ZONE 'UTC'`, this.typeName('timestamp'));
  }

  hash(expression: string): string {
    return `md5(CAST(${expression} AS ${this.typeName('string')}))`;
  }

  surrogateKey(expressions: string[]): string {
    // Nulls are made explicit so that (null, 'a') and ('a', null) hash differently.
    const parts = expressions.map((e) => `coalesce(CAST(${e} AS ${this.typeName('string')}), '_strata_null_')`);
    return this.hash(parts.join(` || '-' || `));
  }

  concat(expressions: string[]): string {
    return expressions.join(' || ');
  }

  length(expression: string): string {
    return `length(${expression})`;
  }

  position(substring: string, text: string): string {
    return `position(${substring} IN ${text})`;
  }

  replace(expression: string, search: string, replacement: string): string {
    return `replace(${expression}, ${search}, ${replacement})`;
  }

  right(text: string, length: string): string {
    return `right(${text}, ${length})`;
  }

  // A negative part counts from the end (-1 is the last part); past the end is ''.
  splitPart(text: string, delimiter: string, part: string): string {
    return `split_part(${text}, ${delimiter}, ${part})`;
  }

  anyValue(expression: string): string {
    return `any_value(${expression})`;
  }

  boolOr(expression: string): string {
    return `bool_or(${expression})`;
  }

  // LISTAGG ... WITHIN GROUP is the SQL:2016 spelling (Redshift and Snowflake use it).
  stringAgg(expression: string, delimiter: string, orderBy?: string, limit?: string): string {
    const within = orderBy ? ` WITHIN GROUP (ORDER BY ${orderBy})` : '';
    if (limit === undefined) return `LISTAGG(${expression}, ${delimiter})${within}`;
    return `array_to_string(array_slice(array_agg(${expression})${within}, 0, ${limit}), ${delimiter})`;
  }

  arrayConstruct(elements: string[], elementType: string): string {
    if (elements.length === 0) return this.cast('ARRAY[]', `${elementType}[]`);
    return `ARRAY[${elements.join(', ')}]`;
  }

  arrayAppend(array: string, element: string): string {
    return `array_append(${array}, ${element})`;
  }

  arrayConcat(first: string, second: string): string {
    return `array_cat(${first}, ${second})`;
  }

  /** date_diff of both ends truncated to the part: the boundaries crossed, on engines that count whole units. */
  protected truncatedDateDiff(part: DatePart, start: string, end: string): string {
    return `date_diff('${part}', ${this.dateTrunc(part, start)}, ${this.dateTrunc(part, end)})`;
  }
}
