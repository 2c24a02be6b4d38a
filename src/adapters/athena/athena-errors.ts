import { DatabaseError } from '../database-error.js';
import { redact, statementErrorMessage } from '../statement-errors.js';

/**
 * What goes wrong on Athena: a FAILED query keeps Athena's reason and gains the line and
 * column of the failing SQL; a failed API call names the operation; no message carries a
 * secret.
 */

/** A query Athena reports CANCELLED (Ctrl-C, a timeout, or another client). */
export class QueryCancelledError extends DatabaseError {
  constructor(sql: string, detail = 'the query was cancelled') {
    super('athena', `Athena: ${detail}.`, sql);
    this.name = 'QueryCancelledError';
  }
}

/** The message of a FAILED query: Athena's reason, then where in the SQL it points. */
export function failedQueryError(reason: string, sql: string): DatabaseError {
  return new DatabaseError('athena', statementErrorMessage(reason, sql), sql);
}

/** A failed Athena, Glue or S3 call as a DatabaseError: operation, error name and message, request id; secrets redacted. */
export function serviceError(operation: string, error: unknown, sql: string, secrets: readonly string[]): DatabaseError {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message || '(no message)' : String(error);
  const requestId = (error as { $metadata?: { requestId?: string } })?.$metadata?.requestId;
  const hint = hintFor(name, message);
  const text = `${operation} failed: ${name}: ${message}${requestId ? ` (request id ${requestId})` : ''}${hint ? `\n  ${hint}` : ''}`;
  return new DatabaseError('athena', redact(text, secrets), sql);
}

/** Whether Athena refused a call because too many run at once (worth a retry). */
export function isThrottled(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TooManyRequestsException' || error.name === 'ThrottlingException');
}

function hintFor(name: string, message: string): string | undefined {
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return 'AWS credentials come from the default chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, SSO or an instance role.';
  }
  if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT/.test(message)) return "Check the target's region and endpoint overrides.";
  if (name === 'AccessDeniedException') return 'See the README for the IAM permissions an Athena target needs.';
  return undefined;
}
