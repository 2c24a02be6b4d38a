/**
 * The reconciliation queries shared with the other warehouses' tests are written with
 * PostgreSQL's `expr::int` casts, which DuckDB, Redshift and Snowflake accept and Trino
 * does not: this spells them `cast(expr as integer)` for Athena.
 */
export function castsForTrino(sql: string): string {
  let out = sql.replace(/\bas double precision\b/gi, 'as double');
  for (let at = out.indexOf('::int'); at !== -1; at = out.indexOf('::int')) {
    const start = expressionStart(out, at);
    out = `${out.slice(0, start)}cast(${out.slice(start, at)} as integer)${out.slice(at + '::int'.length)}`;
  }
  return out;
}

// The start of the expression that ends at `end`: a parenthesised group with the function
// name before it (`count(*)`, `(select ...)`), or a bare name.
function expressionStart(sql: string, end: number): number {
  let i = end - 1;
  if (sql[i] === ')') {
    let depth = 0;
    for (; i >= 0; i--) {
      if (sql[i] === ')') depth++;
      else if (sql[i] === '(' && --depth === 0) break;
    }
  } else {
    i++;
  }
  while (i > 0 && /[\w.]/.test(sql[i - 1]!)) i--;
  return i;
}
