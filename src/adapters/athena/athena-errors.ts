import { awsServiceError } from '../../aws/service-error.js';
import { DatabaseError } from '../database-error.js';

/**
 * What goes wrong on Athena: a stopped query, and a failed API call naming the operation
 * with no secret in its message. A FAILED query's message is the shared one
 * (`failedStatementError`, through `aws/polled-statement.ts`).
 */

/** A query Athena reports CANCELLED (Ctrl-C, a timeout, or another client). */
export class QueryCancelledError extends DatabaseError {
  constructor(sql: string, detail = 'the query was cancelled') {
    super('athena', `Athena: ${detail}.`, sql);
    this.name = 'QueryCancelledError';
  }
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
