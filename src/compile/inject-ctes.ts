import { CompiledSql, lineAtOffset, type RenderedSql } from './compiled-sql.js';

/** Leading whitespace and SQL comments, which may precede a model's WITH. */
const LEADING = /^(?:\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/)*/;

/**
 * Put ephemeral models in front of a query as CTEs. A query that already starts
 * with WITH gets them prepended to its own CTE list, so the result stays one statement.
 */
export function injectCtes(sql: string, ctes: Array<{ name: string; sql: string }>): string {
  return composeWithCtes(
    { sql, file: '' },
    ctes.map((cte) => ({ name: cte.name, rendered: { sql: cte.sql, file: '' } })),
  ).sql;
}

/** `injectCtes`, remembering which file and line each line of the result came from. */
export function composeWithCtes(query: RenderedSql, ctes: Array<{ name: string; rendered: RenderedSql }>): CompiledSql {
  const { sql } = query;
  if (ctes.length === 0) return CompiledSql.fromFile(query);
  const leading = LEADING.exec(sql)?.[0] ?? '';
  const withMatch = /^with(\s+recursive)?\s/i.exec(sql.slice(leading.length));
  const out = CompiledSql.builder()
    .append(leading, { rendered: query, line: 1 })
    .append(`with${withMatch?.[1] ?? ''} `);
  ctes.forEach(({ name, rendered }, index) => {
    const start = rendered.sql.length - rendered.sql.trimStart().length;
    out.append(`${index > 0 ? ',\n' : ''}${name} as (\n`);
    out.append(rendered.sql.trim(), { rendered, line: lineAtOffset(rendered.sql, start) });
    out.append('\n)');
  });
  const rest = leading.length + (withMatch?.[0].length ?? 0);
  out.append(withMatch ? ',\n' : '\n');
  out.append(sql.slice(rest), { rendered: query, line: lineAtOffset(sql, rest) });
  return out.build();
}
