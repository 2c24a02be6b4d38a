/**
 * Messages for a failed statement, shared by the warehouses: the warehouse's own text, then
 * the line and column it names with that line of SQL and a caret; secrets redacted.
 */
import { REDACTED } from '../config/redact-secrets.js';
import { scrubSecretValues } from '../config/secret-env.js';
import { DatabaseError } from './database-error.js';

/** Where a failed statement went wrong, 1-based. */
export interface SqlLocation {
  line: number;
  /** absent when the warehouse named only the line */
  column?: number;
}

/**
 * The location a warehouse error names: PostgreSQL-style `Position: N` (a 1-based
 * character offset into the statement), Redshift's parser `at line N`, or Trino's
 * `line N:M:`.
 */
export function locateError(errorText: string, sql: string): SqlLocation | undefined {
  // Trino (Athena): `line 3:8: Column 'x' cannot be resolved`
  const trino = /\bline (\d+):(\d+):/.exec(errorText);
  if (trino) {
    const [line, column] = [Number(trino[1]), Number(trino[2])];
    if (line >= 1 && line <= sql.split('\n').length) return { line, column };
  }
  const position = /\bposition:?\s+(\d+)/i.exec(errorText);
  if (position) return locationOfOffset(sql, Number(position[1]));
  const line = /\bat line (\d+)\b/i.exec(errorText);
  if (line) {
    const number = Number(line[1]);
    return number >= 1 && number <= sql.split('\n').length ? { line: number } : undefined;
  }
  return undefined;
}

/** Line and column of a 1-based character (code point) offset. */
export function locationOfOffset(sql: string, position: number): SqlLocation | undefined {
  const chars = Array.from(sql);
  if (!Number.isInteger(position) || position < 1 || position > chars.length + 1) return undefined;
  let line = 1;
  let column = 1;
  for (const char of chars.slice(0, position - 1)) {
    if (char === '\n') {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  return { line, column };
}

/**
 * The message of a FAILED statement: the Data API's error text, then (when it names a
 * position) the line and column with that line of SQL and a caret under the column.
 */
export function statementErrorMessage(errorText: string, sql: string): string {
  const text = errorText.trim() || 'the statement failed without an error message';
  return locatedMessage(text, sql, locateError(text, sql));
}

/**
 * `reason`, then where in `sql` it went wrong, with that line and a caret under the column.
 * `place` names it (default: `at line 3, column 8 of the statement`).
 */
export function locatedMessage(reason: string, sql: string, location: SqlLocation | undefined, place?: string): string {
  if (!location) return reason;
  return `${reason}\n  ${place ?? `at ${describeLocation(location)} of the statement`}:\n${sqlSnippet(sql, location)}`;
}

/** `line 3, column 8`, or `line 3` when the column is unknown. */
export function describeLocation(location: SqlLocation): string {
  return location.column === undefined ? `line ${location.line}` : `line ${location.line}, column ${location.column}`;
}

/**
 * A failed statement as the asynchronous APIs report it (Athena, the Redshift Data API):
 * the warehouse's text, located in the statement when it names a line or position.
 */
export function failedStatementError(adapter: string, errorText: string, sql: string): DatabaseError {
  const reason = errorText.trim() || 'the statement failed without an error message';
  const location = locateError(reason, sql);
  return new DatabaseError(adapter, locatedMessage(reason, sql, location), sql, undefined, { reason, location });
}

const SNIPPET_WIDTH = 100;

/** The line of `sql` at `location`, indented, with a caret under the column when known. */
export function sqlSnippet(sql: string, location: SqlLocation): string {
  const lineText = Array.from(sql.split('\n')[location.line - 1] ?? '').map((c) => (c === '\r' ? '' : c));
  if (location.column === undefined) return `    ${lineText.join('').trimEnd()}`;
  // Long lines are cut to a window around the column, so the caret stays on screen.
  const start = Math.max(0, Math.min(location.column - 1 - SNIPPET_WIDTH / 2, lineText.length - SNIPPET_WIDTH));
  const shown = lineText.slice(start, start + SNIPPET_WIDTH);
  const before = shown.slice(0, location.column - 1 - start);
  const caret = before.map((c) => (c === '\t' ? '\t' : ' ')).join('');
  const lead = start > 0 ? '...' : '';
  return `    ${lead}${shown.join('').trimEnd()}\n    ${' '.repeat(lead.length)}${caret}^`;
}

/**
 * `text` with every setting value known to be secret (a password, a key) replaced by
 * `***`, by the scrubber that masks secret environment variables; values under four
 * characters are left, since masking them would mangle ordinary words.
 */
export function redact(text: string, secrets: readonly string[]): string {
  const longestFirst = secrets.filter((secret) => secret.length >= 4).sort((a, b) => b.length - a.length);
  return scrubSecretValues(text, longestFirst, REDACTED);
}
