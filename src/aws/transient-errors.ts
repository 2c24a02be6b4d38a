/**
 * Which failures of an AWS call a later attempt may get past. The SDK already retries
 * each request (`maxAttempts`); these decide whether a caller starts a larger piece of
 * work again: a statement the service was too busy to take, a whole S3 write (a multipart
 * upload was aborted by then), the entries of a Glue batch.
 */

/** The service refused the call for the rate or number of calls: the same call later. */
const BUSY = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'SlowDown',
  // the Redshift Data API: too many statements or sessions running right now
  'ActiveStatementsExceededException',
  'ActiveSessionsExceededException',
]);

/** Transient by name: busy, a fault or timeout on the service's side, a race with another writer. */
const TRANSIENT = new Set([
  ...BUSY,
  'InternalError',
  'InternalServiceException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'OperationTimeoutException',
  'TimeoutError',
  'RequestAbortedError',
  // Glue: another call changed the same object meanwhile
  'ConcurrentModificationException',
  // S3: a conditional write raced another one on the same key; try again, to learn which landed
  'ConditionalRequestConflict',
]);

/** Network failures (Node's error codes) a later connection may not meet. */
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** What the SDK puts on the errors it throws. */
interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** Whether the service refused a call because it is busy (throttled, too much running): submit it again later. */
export function isServiceBusy(error: unknown): boolean {
  return BUSY.has(nameOf(error));
}

/**
 * Whether an error name, or an error code in a batch answer (Glue's `ErrorDetail.ErrorCode`),
 * says a later attempt may succeed.
 */
export function isTransientErrorName(name: string): boolean {
  return TRANSIENT.has(name);
}

/** A network failure, a busy service, a timeout or a 5xx: the same call may well succeed later. */
export function isTransientAwsError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const shape = error as SdkErrorShape;
  if (shape.$retryable) return true;
  if (isTransientErrorName(nameOf(error))) return true;
  if (typeof shape.code === 'string' && NETWORK_CODES.has(shape.code)) return true;
  const status = shape.$metadata?.httpStatusCode;
  return typeof status === 'number' && (status >= 500 || status === 429);
}

function nameOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const name = (error as SdkErrorShape).name;
  return typeof name === 'string' ? name : '';
}
