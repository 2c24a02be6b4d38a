/**
 * Settings shared by the adapters that send statements to a service API and poll for
 * their end (Athena, the Redshift Data API): the endpoint override, and how often to poll
 * and how long to wait. Declared once, so both read and check them alike.
 */
import type { SettingSpec, TargetConfig } from './contract.js';
import type { BackoffOptions } from '../aws/backoff.js';
import { isUnset } from './setting-value.js';
import { targetSettingsError } from './target-settings.js';

/** A check for an endpoint override: an http(s) URL with a host. */
export const httpUrl: NonNullable<SettingSpec['check']> = (value, { name }) =>
  typeof value === 'string' && /^https?:\/\/[^\s/]+/.test(value)
    ? undefined
    : { message: `${name} must be an http(s) URL`, hint: `e.g. ${name}: https://host:443` };

/**
 * The polling settings of a service: `poll` names the status call polled, `initialMs` and
 * `maxMs` are the default first and longest delays, `onTimeout` what happens at the timeout.
 */
export function pollingSettings(poll: string, initialMs: number, maxMs: number, onTimeout: string) {
  return [
    {
      name: 'poll_interval_ms',
      type: 'number',
      required: false,
      default: initialMs,
      min: 1,
      description: `first ${poll} delay; it doubles up to poll_max_interval_ms (default ${initialMs})`,
    },
    {
      name: 'poll_max_interval_ms',
      type: 'number',
      required: false,
      default: maxMs,
      min: 1,
      description: `longest delay between ${poll} polls (default ${maxMs})`,
    },
    {
      name: 'query_timeout_seconds',
      type: 'number',
      required: false,
      min: 1,
      description: `${onTimeout} still running after this long (default: no limit)`,
    },
  ] as const;
}

/** The polling settings as read by `readSettings`. */
export interface PollingValues {
  poll_interval_ms: number;
  poll_max_interval_ms: number;
  query_timeout_seconds?: number;
}

/** How to poll, and when to give up (undefined: wait as long as the statement runs). */
export interface PollingOptions {
  polling: BackoffOptions;
  queryTimeoutMs?: number;
}

/**
 * The backoff and timeout of read polling settings. The longest delay is at least the
 * first: a default below a longer first delay rises to it, a written one is a mistake.
 */
export function readPolling(target: TargetConfig, values: PollingValues, context: string): PollingOptions {
  const initialMs = values.poll_interval_ms;
  if (!isUnset(target.settings.poll_max_interval_ms) && values.poll_max_interval_ms < initialMs) {
    throw targetSettingsError(
      target,
      context,
      `poll_max_interval_ms must be a number of at least ${initialMs}.`,
      'The longest delay between polls cannot be shorter than the first (poll_interval_ms).',
    );
  }
  const timeout = values.query_timeout_seconds;
  return {
    polling: { initialMs, maxMs: Math.max(values.poll_max_interval_ms, initialMs) },
    queryTimeoutMs: timeout === undefined ? undefined : timeout * 1000,
  };
}
