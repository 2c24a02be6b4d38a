/**
 * What goes wrong on DuckDB, in words a user can act on. Connections ask DuckDB for its
 * errors as JSON (`errors_as_json`), which carries the exact place in the statement that
 * the text form only draws with a caret.
 */
import { StrataError } from '../../errors/strata-error.js';
import { DatabaseError } from '../database-error.js';
import { locatedMessage, locationOfOffset, type SqlLocation } from '../statement-errors.js';

/** The fields of a DuckDB error in JSON form that messages use. */
interface DuckDbErrorJson {
  exception_type?: string;
  exception_message?: string;
  /** 0-based byte offset into the statement */
  position?: string;
}

/** A failed statement: DuckDB's text, where in the statement it points, and a hint for file trouble. */
export function duckDbStatementError(error: unknown, sql: string): DatabaseError {
  const raw = error instanceof Error ? error.message : String(error);
  const parsed = parseErrorJson(raw);
  let reason = parsed ? `${parsed.exception_type ?? 'DuckDB'} Error: ${parsed.exception_message ?? ''}` : raw;
  const hint = fileTroubleHint(reason);
  if (hint) reason += `\n${hint}`;
  const location = parsed?.position === undefined ? undefined : locationOfByte(sql, Number(parsed.position));
  return new DatabaseError('duckdb', locatedMessage(reason, sql, location), sql, error, { reason, location });
}

/** The database file could not be opened: why, and what to do. */
export function duckDbOpenError(path: string, targetName: string, error: unknown): StrataError {
  const message = error instanceof Error ? error.message : String(error);
  const hint = /lock/i.test(message)
    ? 'Another process kept this database open for 30 s; DuckDB allows one process per file at a time.'
    : (fileTroubleHint(message) ?? `Check the path setting of target '${targetName}'.`);
  return new StrataError(`Cannot open DuckDB database ${path}: ${message}`, { cause: error, hint });
}

/** Errors before any statement (opening a file) stay text; statements may carry `Parser Error: {...}`. */
function parseErrorJson(message: string): DuckDbErrorJson | undefined {
  const start = message.indexOf('{');
  if (start < 0 || !message.trimEnd().endsWith('}')) return undefined;
  try {
    const value = JSON.parse(message.slice(start)) as unknown;
    return value !== null && typeof value === 'object' ? (value as DuckDbErrorJson) : undefined;
  } catch {
    return undefined;
  }
}

/** DuckDB counts the position in UTF-8 bytes from 0; messages count characters from 1. */
function locationOfByte(sql: string, byteOffset: number): SqlLocation | undefined {
  if (!Number.isInteger(byteOffset) || byteOffset < 0) return undefined;
  const characters = Buffer.from(sql, 'utf8').subarray(0, byteOffset).toString('utf8');
  return locationOfOffset(sql, Array.from(characters).length + 1);
}

/** What to do when DuckDB could not read or write a file (the database, its WAL, the lake). */
function fileTroubleHint(message: string): string | undefined {
  if (/permission denied/i.test(message)) {
    return (
      'The database file, its folder (DuckDB writes a .wal file beside it) and the lake ' +
      'must be writable by the user running strata.'
    );
  }
  if (/read-only file system/i.test(message))
    return 'That file is on a read-only file system: move the database or the lake to a writable disk.';
  if (/no space left on device|disk quota/i.test(message))
    return 'The disk is full: free some space on it and run again.';
  if (/read-only mode/i.test(message)) return 'The database is attached read-only; strata needs to write it.';
  return undefined;
}
