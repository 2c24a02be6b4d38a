import { awsServiceError } from '../../aws/service-error.js';
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

/** A failed Data API call (not a failed statement) as a DatabaseError (see awsServiceError). */
export function serviceError(
  operation: string,
  error: unknown,
  sql: string,
  secrets: readonly string[],
): DatabaseError {
  return awsServiceError(ADAPTER, `Redshift Data API ${operation}`, error, sql, secrets);
}

/** Whether a service error says the statement's session is gone or busy. */
export function isSessionUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    (error.name === 'ValidationException' || error.name === 'ResourceNotFoundException') &&
    /session/i.test(error.message)
  );
}
