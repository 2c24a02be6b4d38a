/**
 * The config dbt_project.yml gives a unit test, a source table or an exposure through its
 * `unit_tests:`, `sources:` or `exposures:` block, by resource path (dbt's fqn below the project
 * name: a unit test's folders, model and name; a source's name and table; an exposure's folders
 * and name):
 *
 *   sources:
 *     shop:
 *       bronze:
 *         +tags: [raw]
 *         orders:
 *           +enabled: false
 *
 * YAML config of the node itself wins over it; tags accumulate and meta merges, as in dbt.
 */
import type { ConfigKeys } from '../config/config-keys.js';
import { configForPath } from '../config/folder-config.js';
import type { ProjectConfig, RawConfig } from '../config/types.js';
import type { FreshnessDeclaration } from './schema-types.js';
import { describeType, isYamlMap } from '../config/yaml-shape.js';
import { StrataError } from '../errors/strata-error.js';

/** The keys of `unit_tests:` Strata acts on, as dbt does. */
export const UNIT_TEST_BLOCK_KEYS: ConfigKeys = { acted: new Set(['enabled', 'tags', 'meta']), dbtOnly: new Set() };

/** The keys of `exposures:` dbt 1.11 accepts, all acted on. */
export const EXPOSURE_BLOCK_KEYS: ConfigKeys = { acted: new Set(['enabled', 'tags', 'meta']), dbtOnly: new Set() };

/** The keys of `sources:`: dbt's `quoting` and `event_time` are accepted with a warning. */
export const SOURCE_BLOCK_KEYS: ConfigKeys = {
  acted: new Set(['enabled', 'tags', 'meta', 'freshness', 'loaded_at_field', 'loaded_at_query']),
  dbtOnly: new Set(['quoting', 'event_time']),
};

/** The keys every block acts on; a block's raw config keeps the others (sources' freshness...). */
export interface ProjectResourceConfig {
  enabled?: boolean;
  tags: string[];
  meta: Record<string, unknown>;
  raw: RawConfig;
}

/** The config of `block` for the node at `resourcePath`; a mistyped value is an error at the block. */
export function projectResourceConfig(
  project: ProjectConfig,
  block: 'unit_tests' | 'sources' | 'exposures',
  tree: Record<string, unknown> | undefined,
  resourcePath: readonly string[],
): ProjectResourceConfig {
  const raw = tree ? configForPath(tree, project.name, resourcePath) : {};
  const fail = (key: string, expected: string, value: unknown) =>
    new StrataError(`"+${key}" under "${block}:" must be ${expected}, got ${describeType(value)}`, {
      ...(project.at ? { location: project.at([block]) } : {}),
      hint: `Fix "+${key}" in the "${block}:" block of ${project.file ?? 'the project file'}.`,
    });
  if (raw.enabled !== undefined && typeof raw.enabled !== 'boolean')
    throw fail('enabled', 'true or false', raw.enabled);
  const tags = raw.tags === undefined ? [] : typeof raw.tags === 'string' ? [raw.tags] : raw.tags;
  if (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string'))
    throw fail('tags', 'a list of tags', raw.tags);
  if (raw.meta !== undefined && !isYamlMap(raw.meta)) throw fail('meta', 'a map', raw.meta);
  return {
    ...(raw.enabled === undefined ? {} : { enabled: raw.enabled }),
    tags: tags as string[],
    meta: { ...(raw.meta as Record<string, unknown> | undefined) },
    raw,
  };
}

/** A source table's config from `sources:`: the common keys, and its loaded-at field or query and freshness. */
export interface ProjectSourceConfig extends ProjectResourceConfig {
  loadedAtField?: string;
  loadedAtQuery?: string;
  /** null: `+freshness: null` */
  freshness?: FreshnessDeclaration | null;
}

const PERIODS = ['minute', 'hour', 'day'];

/** The `sources:` config of the table `[source, table]`; a mistyped value is an error at the block. */
export function projectSourceConfig(project: ProjectConfig, resourcePath: readonly string[]): ProjectSourceConfig {
  const common = projectResourceConfig(project, 'sources', project.sources, resourcePath);
  const { raw } = common;
  const fail = (key: string, expected: string) =>
    new StrataError(`"+${key}" under "sources:" must be ${expected}, got ${describeType(raw[key])}`, {
      ...(project.at ? { location: project.at(['sources']) } : {}),
      hint: "Write it as in a source's YAML, e.g. +freshness: { warn_after: { count: 12, period: hour } }.",
    });
  const text = (key: string): string | undefined => {
    if (raw[key] === undefined || raw[key] === null) return undefined;
    if (typeof raw[key] !== 'string') throw fail(key, 'text');
    return raw[key];
  };
  const result: ProjectSourceConfig = { ...common };
  const field = text('loaded_at_field');
  if (field !== undefined) result.loadedAtField = field;
  const query = text('loaded_at_query');
  if (query !== undefined) result.loadedAtQuery = query;
  if ('freshness' in raw) {
    const value = raw.freshness;
    if (value === null) result.freshness = null;
    else if (!isYamlMap(value)) throw fail('freshness', 'a map or null');
    else {
      const threshold = (key: string) => {
        const entry = value[key];
        if (entry === undefined || entry === null) return undefined;
        const ok =
          isYamlMap(entry) &&
          typeof entry.count === 'number' &&
          Number.isInteger(entry.count) &&
          entry.count > 0 &&
          PERIODS.includes(String(entry.period));
        if (!ok) throw fail('freshness', `{ ${key}: { count: <whole number>, period: minute | hour | day } }`);
        return { count: entry.count as number, period: entry.period as 'minute' | 'hour' | 'day' };
      };
      const warnAfter = threshold('warn_after');
      const errorAfter = threshold('error_after');
      const freshness: FreshnessDeclaration = {};
      if (warnAfter) freshness.warnAfter = warnAfter;
      if (errorAfter) freshness.errorAfter = errorAfter;
      if (typeof value.filter === 'string') freshness.filter = value.filter;
      result.freshness = freshness;
    }
  }
  return result;
}
