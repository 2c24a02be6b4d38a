import { DatabaseError } from '../adapters/database-error.js';
import { redact } from '../adapters/statement-errors.js';

/**
 * A failed AWS API call (not a failed statement) as a DatabaseError, for the adapters on
 * AWS's APIs (Redshift's Data API, Athena with Glue and S3): the operation, the service's
 * error name and message, the request id, a hint for the usual causes, secrets redacted.
 * The SDK error is not kept as the cause: what it holds is not ours to vouch for.
 */
export function awsServiceError(
  adapter: string,
  operation: string,
  error: unknown,
  sql: string,
  secrets: readonly string[],
): DatabaseError {
  const { name, message, requestId } = describeError(error);
  const hint = hintFor(adapter, name, message);
  const request = requestId ? ` (request id ${requestId})` : '';
  const text = `${operation} failed: ${name}: ${message}${request}${hint ? `\n  ${hint}` : ''}`;
  return new DatabaseError(adapter, redact(text, secrets), sql);
}

/** `Name: message` of a failed call, for logs and errors that carry no hint (the ingester's). */
export function errorSummary(error: unknown): string {
  if (error instanceof Error)
    return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return String(error);
}

/** What the SDK puts on an error whose response it could not read. */
interface UnreadableResponse {
  $response?: { statusCode?: number; headers?: Record<string, string | undefined> };
}

function describeError(error: unknown): { name: string; message: string; requestId?: string } {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const metadata = (error as { $metadata?: { requestId?: string } }).$metadata;
  if (isUnreadableResponse(error)) {
    // the SDK's own advice (inspect a hidden field) means nothing to a user of strata
    const response = (error as UnreadableResponse).$response;
    const status = response?.statusCode === undefined ? '' : `HTTP ${response.statusCode}`;
    const type = response?.headers?.['content-type'] ?? '';
    const what = [status, type].filter(Boolean).join(', ');
    return {
      name: 'UnexpectedResponse',
      message: `the endpoint answered with something that is not the service's JSON${what ? ` (${what})` : ''}`,
    };
  }
  return { name: error.name, message: error.message || '(no message)', requestId: metadata?.requestId };
}

/** A response the SDK could not parse (HTML from a proxy, plain text), or one missing what every answer holds. */
function isUnreadableResponse(error: Error): boolean {
  return (
    error.name === 'SyntaxError' ||
    /deserialization error/i.test(error.message) ||
    /\breturned no \w/.test(error.message)
  );
}

function hintFor(adapter: string, name: string, message: string): string | undefined {
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return (
      'AWS credentials come from the default chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, SSO ' +
      'or an instance role.'
    );
  }
  if (/region is missing/i.test(message)) return "Set the target's region (or AWS_REGION).";
  if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|socket hang up/.test(message))
    return "Check the target's region and endpoint overrides, and that the endpoint is reachable.";
  if (name === 'UnexpectedResponse')
    return "Check the target's region and endpoint overrides: that address did not answer like the AWS API.";
  if (name === 'AccessDeniedException' || name === 'AccessDenied') {
    const section = `${adapter.charAt(0).toUpperCase()}${adapter.slice(1)}`;
    return `See the README's ${section} section for the IAM permissions the target needs.`;
  }
  return undefined;
}
