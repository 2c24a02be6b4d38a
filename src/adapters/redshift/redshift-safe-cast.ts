/**
 * `safe_cast` on Redshift, which has no TRY_CAST: the text is checked with a POSIX regular
 * expression first and cast only when it has the target type's shape, so malformed input
 * becomes NULL instead of failing the statement. The CAST wraps the CASE: cast inside it, a
 * malformed literal would fail when the statement is parsed, whatever the check says.
 * Types without a known shape get a plain CAST. Patterns avoid backslashes, which Redshift
 * reads as escapes inside literals.
 */

const SPACE = '[[:space:]]*';
const SIGN = '[-+]?';
const DATE = '[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])';
const TIME = '([T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]{1,9})?)?)?';
const ZONE = '(Z|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)?';
const FLOAT = `^${SPACE}${SIGN}([0-9]+([.][0-9]*)?|[.][0-9]+)([eE]${SIGN}[0-9]{1,2})?${SPACE}$`;

/** Whole numbers that fit the type, by their count of digits (INTEGER: up to 2,099,999,999). */
const INTEGER_PATTERNS: Record<string, string> = {
  smallint: `^${SPACE}${SIGN}[0-9]{1,4}${SPACE}$`,
  int2: `^${SPACE}${SIGN}[0-9]{1,4}${SPACE}$`,
  integer: `^${SPACE}${SIGN}([0-9]{1,9}|1[0-9]{9}|20[0-9]{8})${SPACE}$`,
  int: `^${SPACE}${SIGN}([0-9]{1,9}|1[0-9]{9}|20[0-9]{8})${SPACE}$`,
  int4: `^${SPACE}${SIGN}([0-9]{1,9}|1[0-9]{9}|20[0-9]{8})${SPACE}$`,
  bigint: `^${SPACE}${SIGN}[0-9]{1,18}${SPACE}$`,
  int8: `^${SPACE}${SIGN}[0-9]{1,18}${SPACE}$`,
};

const FLOAT_TYPES = new Set(['real', 'float4', 'float', 'float8', 'double precision']);
const TRUE_WORDS = ['true', 't', 'yes', 'y', '1'];
const FALSE_WORDS = ['false', 'f', 'no', 'n', '0'];

/** A cast of `expression` to `type` that yields NULL where a plain CAST would fail. */
export function redshiftSafeCast(expression: string, type: string): string {
  const normalized = type.trim().toLowerCase().replace(/\s+/g, ' ');
  const text = `CAST(${expression} AS VARCHAR(65535))`;
  const guarded = (pattern: string) => `CAST(CASE WHEN ${text} ~ '${pattern}' THEN ${expression} END AS ${type})`;

  const integer = INTEGER_PATTERNS[normalized];
  if (integer) return guarded(integer);
  if (FLOAT_TYPES.has(normalized)) return guarded(FLOAT);
  const decimal = /^(?:decimal|numeric)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?$/.exec(normalized);
  if (decimal) return guarded(decimalPattern(Number(decimal[1] ?? 18), Number(decimal[2] ?? 0)));
  if (normalized === 'boolean' || normalized === 'bool') return booleanFromText(text);
  if (normalized === 'date') return guardedDate(expression, type, text, `^${DATE}$`);
  if (/^timestamp(tz| with(out)? time zone)?$/.test(normalized)) {
    return guardedDate(expression, type, text, `^${DATE}${TIME}${SPACE}${ZONE}$`);
  }
  return `CAST(${expression} AS ${type})`;
}

/** At most `precision - scale` digits before the point; extra decimals are rounded by the cast. */
function decimalPattern(precision: number, scale: number): string {
  const whole = precision - scale;
  const integerPart = whole > 0 ? `[0-9]{1,${whole}}([.][0-9]*)?|` : '0?';
  return `^${SPACE}${SIGN}(${integerPart}[.][0-9]+)${SPACE}$`;
}

// Redshift cannot CAST text to BOOLEAN at all: the words are mapped instead.
function booleanFromText(text: string): string {
  const words = (list: string[]) => list.map((w) => `'${w}'`).join(', ');
  const value = `lower(trim(${text}))`;
  return (
    `CASE WHEN ${value} IN (${words(TRUE_WORDS)}) THEN TRUE ` +
    `WHEN ${value} IN (${words(FALSE_WORDS)}) THEN FALSE END`
  );
}

/**
 * Dates and timestamps: the shape first, then the day against its month's length (leap
 * years included), each in its own CASE so that nothing is cast before it is checked.
 */
function guardedDate(expression: string, type: string, text: string, pattern: string): string {
  const part = (from: number, length: number) => `CAST(SUBSTRING(${text}, ${from}, ${length}) AS INTEGER)`;
  const year = part(1, 4);
  const leap = `(MOD(${year}, 4) = 0 AND (MOD(${year}, 100) <> 0 OR MOD(${year}, 400) = 0))`;
  const monthLength =
    `CASE ${part(6, 2)} WHEN 2 THEN CASE WHEN ${leap} THEN 29 ELSE 28 END ` +
    'WHEN 4 THEN 30 WHEN 6 THEN 30 WHEN 9 THEN 30 WHEN 11 THEN 30 ELSE 31 END';
  return (
    `CAST(CASE WHEN ${text} ~ '${pattern}' THEN ` +
    `CASE WHEN ${part(9, 2)} <= ${monthLength} THEN ${expression} END END AS ${type})`
  );
}
