import { DatabaseError } from '../database-error.js';
import { redact } from '../statement-errors.js';

export { locateError, locationOfOffset, redact, statementErrorMessage, type SqlLocation } from '../statement-errors.js';

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
