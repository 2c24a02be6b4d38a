import { StrataError } from '../../errors/strata-error.js';
import { DatabaseError } from '../database-error.js';
import { redact, type SqlLocation } from '../statement-errors.js';

/** The fields of an SDK error worth showing. */
interface SdkErrorFields {
  code?: string | number;
  sqlState?: string;
}

/**
 * A failed statement as Snowflake reported it: its error code, SQL state and message, and
 * the statement's line that Snowflake points at (`error line 3 at position 10`). The
 * runner adds the model's file.
 */
export function snowflakeStatementError(sql: string, error: unknown, secrets: readonly string[]): DatabaseError {
  const fields = (error ?? {}) as SdkErrorFields;
  const message = redact(error instanceof Error ? error.message : String(error), secrets);
  const code = fields.code === undefined ? '' : String(fields.code).padStart(6, '0');
  // Some servers repeat the code and state at the start of the message: say them once.
  const text = message.replace(/^\d{6}\s*(\(\w+\))?:?\s*/, '');
  const lines = [
    `Snowflake error ${code}${fields.sqlState ? ` (${fields.sqlState})` : ''}: ${text}`.replace(
      /^Snowflake error : /,
      'Snowflake error: ',
    ),
  ];
  const reason = lines[0]!;
  const at = /error line (\d+) at position (\d+)/i.exec(text);
  let location: SqlLocation | undefined;
  if (at) {
    const line = sql.split('\n')[Number(at[1]) - 1];
    if (line !== undefined) {
      lines.push(`at line ${at[1]}, position ${at[2]} of the statement: ${line.trim()}`);
      // Snowflake counts positions from 0
      location = { line: Number(at[1]), column: Number(at[2]) + 1 };
    }
  }
  return new DatabaseError('snowflake', lines.join('\n'), sql, error, { reason, location });
}

/** A login that failed, naming the account and user but never the credentials. */
export function snowflakeLoginError(
  account: string,
  user: string,
  error: unknown,
  secrets: readonly string[],
): StrataError {
  const reason = redact(error instanceof Error ? error.message : String(error), secrets);
  return new StrataError(`Cannot log in to Snowflake account '${account}' as '${user}': ${reason}`, {
    cause: error,
    hint: 'Check account, user and the password or private key of the target (and role, warehouse, host if set).',
  });
}
