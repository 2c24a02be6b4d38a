import { StrataError } from '../../errors/strata-error.js';

/**
 * The first `limit` values of a LISTAGG result. Redshift has no array_agg to slice, so the
 * joined text is cut with a regular expression: up to `limit` runs of non-delimiter
 * characters, with the delimiters between them. That needs a one-character delimiter
 * written as a literal, and values that do not contain it.
 */
export function redshiftFirstValues(listagg: string, delimiter: string, limit: string): string {
  const count = Number(limit);
  if (!Number.isInteger(count) || count < 1) {
    throw new StrataError(`listagg(): limit_num must be a positive whole number, got ${limit}`);
  }
  const char = /^'(.|'')'$/.exec(delimiter.trim())?.[1]?.replace("''", "'");
  if (char === undefined || char === '\\' || char === '[' || char === ']' || char === '^') {
    throw new StrataError(`listagg() with limit_num on Redshift needs a one-character delimiter, got ${delimiter}`, {
      hint: 'Write the delimiter as a literal such as "\',\'" (not \\, [, ] or ^), or leave out limit_num.',
    });
  }
  const quoted = char === "'" ? "''" : char;
  const value = `[^${quoted}]*`;
  const pattern = count === 1 ? `^${value}` : `^${value}([${quoted}]${value}){0,${count - 1}}`;
  return `regexp_substr(${listagg}, '${pattern}')`;
}
