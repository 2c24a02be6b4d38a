/** Leading whitespace and SQL comments, which may precede a model's WITH. */
const LEADING = /^(?:\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/)*/;

/**
 * Put ephemeral models in front of a query as CTEs. A query that already starts
 * with WITH gets them prepended to its own CTE list, so the result stays one statement.
 */
export function injectCtes(sql: string, ctes: Array<{ name: string; sql: string }>): string {
  if (ctes.length === 0) return sql;
  const definitions = ctes.map((cte) => `${cte.name} as (\n${cte.sql.trim()}\n)`).join(',\n');
  const leading = LEADING.exec(sql)?.[0] ?? '';
  const body = sql.slice(leading.length);
  const withMatch = /^with(\s+recursive)?\s/i.exec(body);
  if (withMatch) return `${leading}with${withMatch[1] ?? ''} ${definitions},\n${body.slice(withMatch[0].length)}`;
  return `${leading}with ${definitions}\n${body}`;
}
