/**
 * `freshness:` of a source or source table:
 *
 *   freshness:
 *     warn_after: { count: 2, period: hour }
 *     error_after: { count: 1, period: day }
 *     filter: "dt >= current_date - 1"
 */
import { closestMatch } from '../config/closest-match.js';
import type { YamlFile, YamlPath } from '../config/yaml-file.js';
import { checkKeys, describeType, expectMap, optionalField, optionalString } from '../config/yaml-shape.js';
import type { FreshnessDeclaration } from './schema-types.js';

type Threshold = NonNullable<FreshnessDeclaration['warnAfter']>;

const PERIODS: ReadonlyArray<Threshold['period']> = ['minute', 'hour', 'day'];

/**
 * The freshness at `path`. Absent is undefined (inherit the source's); an explicit
 * `freshness: null` is null, which turns an inherited check off, as in dbt.
 */
export function parseFreshness(
  yaml: YamlFile,
  path: YamlPath,
  value: unknown,
  present: boolean,
): FreshnessDeclaration | null | undefined {
  if (!present) return undefined;
  if (value === null) return null;
  const freshness = expectMap(yaml, path, value);
  checkKeys(yaml, path, freshness, ['warn_after', 'error_after', 'filter'], '"freshness"');
  return {
    ...optionalField('warnAfter', parseThreshold(yaml, [...path, 'warn_after'], freshness.warn_after)),
    ...optionalField('errorAfter', parseThreshold(yaml, [...path, 'error_after'], freshness.error_after)),
    ...optionalField('filter', optionalString(yaml, [...path, 'filter'], freshness.filter)),
  };
}

function parseThreshold(yaml: YamlFile, path: YamlPath, value: unknown): Threshold | undefined {
  if (value === null || value === undefined) return undefined;
  const hint = 'Write it as { count: 12, period: hour } (period: minute, hour or day).';
  const threshold = expectMap(yaml, path, value, hint);
  checkKeys(yaml, path, threshold, ['count', 'period'], `"${String(path[path.length - 1])}"`);
  const { count, period } = threshold;
  if (typeof count !== 'number' || !Number.isInteger(count) || count <= 0) {
    const shown = typeof count === 'number' ? String(count) : describeType(count);
    throw yaml.error([...path, 'count'], `"count" must be a positive whole number, got ${shown}`, hint);
  }
  const match = PERIODS.find((candidate) => candidate === period);
  if (!match) {
    const suggestion = typeof period === 'string' ? closestMatch(period, PERIODS) : undefined;
    const shown = typeof period === 'string' ? `"${period}"` : describeType(period);
    const fullHint = `${suggestion ? `Did you mean "${suggestion}"? ` : ''}${hint}`;
    throw yaml.error([...path, 'period'], `Invalid freshness period ${shown}`, fullHint);
  }
  return { count, period: match };
}

/**
 * A table's freshness over its source's, as dbt merges them: the table's keys win one by
 * one (an omitted `error_after` is inherited); the table's `freshness: null` turns the check
 * off, and under a source's `freshness: null` a table has only its own.
 */
export function mergeFreshness(
  source: FreshnessDeclaration | null | undefined,
  table: FreshnessDeclaration | null | undefined,
): FreshnessDeclaration | null | undefined {
  if (table === undefined) return source;
  if (table === null || source === undefined || source === null) return table;
  return { ...source, ...table };
}
