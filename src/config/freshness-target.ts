/**
 * `freshness_target`: how old a model's newest event may be after a `--watch` run
 * (`5s`, `2m`, or a number of seconds), set in a schema file's `config:`, a
 * `+freshness_target:` folder block or a `config(freshness_target=...)` call.
 */
import { parseDuration } from './duration.js';
import { describeType } from './yaml-shape.js';

/** The target in milliseconds; `fail` throws at the config's location. */
export function readFreshnessTarget(value: unknown, fail: (message: string, hint?: string) => never): number {
  const ms = parseDuration(value);
  if (ms !== undefined) return ms;
  const shown = typeof value === 'string' ? `"${value}"` : describeType(value);
  return fail(
    `Invalid freshness_target: ${shown} is not a duration`,
    'Write a number of seconds or a number with a unit: freshness_target: 5s (or 90s, 2m, 1h).',
  );
}
