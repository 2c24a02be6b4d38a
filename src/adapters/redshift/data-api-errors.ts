import { DatabaseError } from '../database-error.js';

/**
 * Messages for what goes wrong on the Data API: a failed statement keeps the warehouse's
 * own text and gains the line and column of the failing SQL; a service error names the
 * operation; no message carries a secret.
 */

const ADAPTER = 'redshift';

/** A statement the Data API reports ABORTED (cancelled by Ctrl-C or another session). */
export class StatementCancelledError extends DatabaseError {
  constructor(sql: string, detail = 'the statement was cancelled') {
    super(ADAPTER, `Redshift Data API: ${detail}.`, sql);
    this.name = 'StatementCancelledError';
  }
}

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
  const location = locateError(text, sql);
  if (!location) return text;
  const where = location.column === undefined ? `line ${location.line}` : `line ${location.line}, column ${location.column}`;
  return `${text}\n  at ${where} of the statement:\n${snippet(sql, location)}`;
}

const SNIPPET_WIDTH = 100;

function snippet(sql: string, location: SqlLocation): string {
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

/** `text` with every secret value replaced by `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}

/**
 * A failed Data API call (not a failed statement) as a DatabaseError: the operation, the
 * service's error name and message, the request id, secrets redacted. The SDK error is
 * not kept as the cause: what it holds is not ours to vouch for.
 */
export function serviceError(operation: string, error: unknown, sql: string, secrets: readonly string[]): DatabaseError {
  const { name, message, requestId } = describeError(error);
  const hint = hintFor(name, message);
  const text = `Redshift Data API ${operation} failed: ${name}: ${message}${requestId ? ` (request id ${requestId})` : ''}${hint ? `\n  ${hint}` : ''}`;
  return new DatabaseError(ADAPTER, redact(text, secrets), sql);
}

function describeError(error: unknown): { name: string; message: string; requestId?: string } {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const metadata = (error as { $metadata?: { requestId?: string } }).$metadata;
  return { name: error.name, message: error.message || '(no message)', requestId: metadata?.requestId };
}

function hintFor(name: string, message: string): string | undefined {
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return 'AWS credentials come from the default chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, SSO or an instance role.';
  }
  if (/region is missing/i.test(message)) return "Set the target's region (or AWS_REGION).";
  if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT/.test(message)) return "Check the target's endpoint and region.";
  return undefined;
}

/** Whether a service error says the statement's session is gone or busy. */
export function isSessionUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (error.name === 'ValidationException' || error.name === 'ResourceNotFoundException') && /session/i.test(error.message);
}

/** Whether a service error says too many statements or sessions are active right now. */
export function isTooManyActive(error: unknown): boolean {
  return error instanceof Error && /^Active(Statements|Sessions)ExceededException$/.test(error.name);
}
