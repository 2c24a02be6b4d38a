/**
 * A warehouse error told in the project's terms: the line it names is the line of the
 * model (or of the ephemeral model, or the singular test) it came from, not of the
 * statement strata wrapped around it (`CREATE ... AS (`, `INSERT ... SELECT`, a MERGE).
 */
import type { DatabaseError } from '../adapters/database-error.js';
import { locatedMessage, type SqlLocation } from '../adapters/statement-errors.js';
import { lineAtOffset, type CompiledSql } from '../compile/compiled-sql.js';

/**
 * The message of `error` located in the file `compiled` was rendered from, or
 * `undefined` when the warehouse named no place, or a place in strata's own SQL.
 */
export function messageAtSource(error: DatabaseError, compiled: CompiledSql): string | undefined {
  const failure = error.failure;
  if (!failure?.location) return undefined;
  const inCompiled = compiledLocation(error.sql, compiled.sql, failure.location);
  const origin = inCompiled && compiled.originOf(inCompiled.line);
  if (!inCompiled || !origin) return undefined;
  const place = `at ${origin.file}:${origin.line}${inCompiled.column === undefined ? '' : `:${inCompiled.column}`}`;
  return locatedMessage(failure.reason, compiled.sql, inCompiled, place);
}

/** Where a place in the statement falls in the compiled SQL, if the statement holds it there. */
function compiledLocation(statement: string, compiledSql: string, location: SqlLocation): SqlLocation | undefined {
  // Plans embed the compiled SQL as it is, or trimmed.
  const trimmed = compiledSql.trim();
  if (trimmed === '') return undefined;
  const whole = statement.indexOf(compiledSql);
  const start = whole >= 0 ? whole : statement.indexOf(trimmed);
  if (start < 0) return undefined;
  const skipped = whole >= 0 ? '' : compiledSql.slice(0, compiledSql.length - compiledSql.trimStart().length);
  const firstLine = lineAtOffset(statement, start);
  const line = location.line - firstLine + lineAtOffset(skipped, skipped.length);
  if (location.line < firstLine || line > compiledSql.split('\n').length) return undefined;
  if (location.column === undefined || location.line !== firstLine) return { line, column: location.column };
  // The compiled SQL starts mid-line (`AS (select ...`): count columns from its own line.
  const statementIndent = start - (statement.lastIndexOf('\n', start - 1) + 1);
  const compiledIndent = skipped.length - (skipped.lastIndexOf('\n') + 1);
  const column = location.column - statementIndent + compiledIndent;
  return column >= 1 ? { line, column } : undefined;
}
