/**
 * GET over HTTP(S) with a timeout, for the package hub and package tarballs. A failure is
 * a StrataError that names what was being fetched and the URL tried, never a stack trace.
 */
import { StrataError } from '../errors/strata-error.js';

/** How long one request may take before it is abandoned (dbt's hub client waits 30 s too). */
export const DEFAULT_HTTP_TIMEOUT_MS = 30_000;

/** A response that arrived: its status and its body. */
export interface HttpResponse {
  status: number;
  body: Buffer;
}

/**
 * The response to GET `url` (any status), or a StrataError when it could not be had:
 * a refused connection, an unknown host, or no answer within `timeoutMs`. `what` names the
 * thing fetched in the message (`package "dbt-labs/dbt_utils" from the package hub`).
 */
export async function httpGet(url: string, what: string, timeoutMs = DEFAULT_HTTP_TIMEOUT_MS): Promise<HttpResponse> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
  } catch (cause) {
    const timedOut = cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
    const reason = timedOut ? `no answer within ${timeoutMs / 1000} s` : networkReason(cause);
    throw new StrataError(`Cannot fetch ${what}: ${reason} (${url})`, {
      hint: timedOut
        ? 'Check the network connection and that the server is up, then run the command again.'
        : 'Check the URL, the network connection and any proxy settings, then run the command again.',
      cause,
    });
  }
}

/** The innermost reason fetch gives (`ECONNREFUSED`, `ENOTFOUND` ...), without a stack. */
function networkReason(cause: unknown): string {
  let error: unknown = cause;
  while (error instanceof Error && error.cause !== undefined) error = error.cause;
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === undefined ? error.message : `${code}${error.message.includes(code) ? '' : ` ${error.message}`}`;
  }
  return String(error);
}
