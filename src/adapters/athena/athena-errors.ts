import { DatabaseError } from '../database-error.js';
import { awsServiceError } from '../aws-service-error.js';
import { failedStatementError } from '../statement-errors.js';

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
  return failedStatementError('athena', reason, sql);
}

/** A failed Athena, Glue or S3 call as a DatabaseError (see awsServiceError). */
export function serviceError(
  operation: string,
  error: unknown,
  sql: string,
  secrets: readonly string[],
): DatabaseError {
  return awsServiceError('athena', operation, error, sql, secrets);
}

/** Whether Athena refused a call because too many run at once (worth a retry). */
export function isThrottled(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TooManyRequestsException' || error.name === 'ThrottlingException');
}
