/**
 * How the generator's producer rides out a broker that is briefly unable to take writes:
 * a partition whose leader is moving or not yet elected (NOT_LEADER_FOR_PARTITION,
 * LEADER_NOT_AVAILABLE, typical right after a topic is created), a request timeout, a
 * dropped connection. kafkajs retries these inside one send, re-sending only what no
 * broker acknowledged and (with the idempotent producer) keeping each partition's
 * sequence, so a retry never writes a record twice. Each retry is logged by kafkajs at
 * error level; that is the normal path, not news: only a send that runs out of retries
 * is reported, by the send itself.
 */
import type { LogEntry, RetryOptions } from 'kafkajs';

/**
 * Backoff between retries of one send: 300 ms doubling to 5 s, up to 20 retries (about a
 * minute and a half), long enough for a leader election or a broker restart, short enough
 * that a broker gone for good ends the run with its error.
 */
export const PRODUCE_RETRY: RetryOptions = {
  retries: 20,
  initialRetryTime: 300,
  multiplier: 2,
  maxRetryTime: 5_000,
};

/** A kafkajs log entry written while a request is being retried (it carries the retry count). */
export function isRetryInProgress(entry: LogEntry): boolean {
  return typeof (entry.log as { retryCount?: unknown }).retryCount === 'number';
}
