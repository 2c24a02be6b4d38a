import { describe, expect, it } from 'vitest';
import { isServiceBusy, isTransientAwsError, isTransientErrorName } from '../../../src/aws/transient-errors.js';

const named = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(name), { name, ...extra });

describe('transient AWS errors', () => {
  it('a busy service: throttled, or too many statements running', () => {
    for (const name of ['ThrottlingException', 'TooManyRequestsException', 'ActiveStatementsExceededException'])
      expect(isServiceBusy(named(name)), name).toBe(true);
    expect(isServiceBusy(named('ValidationException'))).toBe(false);
    expect(isServiceBusy('ThrottlingException')).toBe(false);
  });

  it('an error code in a batch answer, by name', () => {
    expect(isTransientErrorName('ConcurrentModificationException')).toBe(true);
    expect(isTransientErrorName('InternalServiceException')).toBe(true);
    expect(isTransientErrorName('AlreadyExistsException')).toBe(false);
    expect(isTransientErrorName('')).toBe(false);
  });

  it('a thrown error: by name, network code, the SDK flag or the HTTP status', () => {
    expect(isTransientAwsError(named('SlowDown'))).toBe(true);
    expect(isTransientAwsError(named('ConditionalRequestConflict'))).toBe(true);
    expect(isTransientAwsError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isTransientAwsError(named('Whatever', { $retryable: {} }))).toBe(true);
    expect(isTransientAwsError(named('Unknown', { $metadata: { httpStatusCode: 503 } }))).toBe(true);
    expect(isTransientAwsError(named('Unknown', { $metadata: { httpStatusCode: 429 } }))).toBe(true);
    expect(isTransientAwsError(named('AccessDenied', { $metadata: { httpStatusCode: 403 } }))).toBe(false);
    expect(isTransientAwsError(undefined)).toBe(false);
  });
});
