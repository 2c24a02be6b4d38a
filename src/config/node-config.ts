/**
 * Turning raw config layers (project.yml folders, YAML `config:`, the file's `config(...)`)
 * into a typed, validated NodeConfig.
 */
import { StrataError } from '../errors/strata-error.js';
import { readGrants } from '../grants/grants-config.js';
import { readHooks } from '../hooks/hook-config.js';
import type { SourceLocation } from '../errors/strata-error.js';
import type { IncrementalStrategy, Materialization, NodeConfig, OnSchemaChange, Severity } from '../manifest/types.js';
import { closestMatch } from './closest-match.js';
import { mergeRawConfigs } from './folder-config.js';
import type { RawConfig } from './types.js';
import { readContract } from './contract-config.js';
import { MICROBATCH_FIELDS } from './microbatch-config.js';
import { readFreshnessTarget } from './freshness-target.js';
import { describeType, isYamlMap } from './yaml-shape.js';

const MATERIALIZATIONS: readonly Materialization[] = [
  'view',
  'table',
  'incremental',
  'ephemeral',
  'seed',
  'test',
  'snapshot',
];
// `seed`, `test` and `snapshot` are set by Strata itself; users choose among these.
const USER_MATERIALIZATIONS = ['view', 'table', 'incremental', 'ephemeral'];
const STRATEGIES: readonly IncrementalStrategy[] = [
  'append',
  'merge',
  'delete+insert',
  'insert_overwrite',
  'microbatch',
  'commit_feed',
];
const SCHEMA_CHANGES: readonly OnSchemaChange[] = ['ignore', 'fail', 'append_new_columns', 'sync_all_columns'];
const SEVERITIES: readonly Severity[] = ['error', 'warn'];
const FORMATS = ['parquet', 'json'] as const;

/** Reads one raw value into the NodeConfig being built; throws on a bad value. */
type FieldReader = (config: NodeConfig, value: unknown, fail: (message: string, hint?: string) => never) => void;

const FIELDS: Record<string, FieldReader> = {
  materialized: (c, v, fail) => {
    c.materialized = oneOf('materialized', v, MATERIALIZATIONS, fail, USER_MATERIALIZATIONS);
  },
  schema: (c, v, fail) => (c.schema = text('schema', v, fail)),
  database: (c, v, fail) => (c.database = text('database', v, fail)),
  alias: (c, v, fail) => (c.alias = text('alias', v, fail)),
  tags: (c, v, fail) => (c.tags = textList('tags', v, fail)),
  enabled: (c, v, fail) => (c.enabled = flag('enabled', v, fail)),
  incremental_strategy: (c, v, fail) => (c.incrementalStrategy = oneOf('incremental_strategy', v, STRATEGIES, fail)),
  unique_key: (c, v, fail) => (c.uniqueKey = textList('unique_key', v, fail)),
  merge_sum_columns: (c, v, fail) => (c.mergeSumColumns = textList('merge_sum_columns', v, fail)),
  replace_key: (c, v, fail) => (c.replaceKey = textList('replace_key', v, fail)),
  replace_from: (c, v, fail) => (c.replaceFrom = text('replace_from', v, fail)),
  on_schema_change: (c, v, fail) => (c.onSchemaChange = oneOf('on_schema_change', v, SCHEMA_CHANGES, fail)),
  full_refresh: (c, v, fail) => (c.fullRefresh = flag('full_refresh', v, fail)),
  location: (c, v, fail) => (c.location = text('location', v, fail)),
  partition_by: (c, v, fail) => (c.partitionBy = textList('partition_by', v, fail)),
  format: (c, v, fail) => (c.format = oneOf('format', v, FORMATS, fail)),
  column_types: (c, v, fail) => (c.columnTypes = textMap('column_types', v, fail)),
  delimiter: (c, v, fail) => (c.delimiter = text('delimiter', v, fail)),
  severity: (c, v, fail) => (c.severity = oneOf('severity', v, SEVERITIES, fail)),
  warn_if: (c, v, fail) => (c.warnIf = text('warn_if', v, fail)),
  error_if: (c, v, fail) => (c.errorIf = text('error_if', v, fail)),
  where: (c, v, fail) => (c.where = text('where', v, fail)),
  store_failures: (c, v, fail) => (c.storeFailures = flag('store_failures', v, fail)),
  fail_calc: (c, v, fail) => (c.failCalc = text('fail_calc', v, fail)),
  contract: (c, v, fail) => (c.contract = readContract(v, fail)),
  pre_hook: (c, v, fail) => (c.preHook = readHooks('pre_hook', v, fail)),
  post_hook: (c, v, fail) => (c.postHook = readHooks('post_hook', v, fail)),
  grants: (c, v, fail) => (c.grants = readGrants(v, fail)),
  ...MICROBATCH_FIELDS,
  freshness_target: (c, v, fail) => (c.freshnessTarget = readFreshnessTarget(v, fail)),
  limit: (c, v, fail) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail('"limit" must be a whole number');
    c.limit = v as number;
  },
};

/** The config keys NodeConfig types (snake_case), e.g. for "put it under config:" hints. */
export const KNOWN_CONFIG_KEYS: readonly string[] = Object.keys(FIELDS);

/**
 * Merge `layers` in order (later wins, `tags` accumulate), then validate and type the
 * known keys; unknown keys are kept in `extra` as written. `where` locates errors.
 * A `null` value resets a key set by an earlier layer.
 */
export function normalizeConfig(
  layers: readonly RawConfig[],
  defaults: { materialized: Materialization },
  where: SourceLocation,
): NodeConfig {
  const config: NodeConfig = { enabled: true, materialized: defaults.materialized, tags: [], extra: {} };
  for (const [key, value] of Object.entries(mergeRawConfigs(layers))) {
    // dbt spells a few keys with dashes (`on-schema-change` in old projects); accept both.
    const reader = FIELDS[key.replace(/-/g, '_')];
    if (!reader) {
      if (value !== undefined) config.extra[key] = value;
      continue;
    }
    if (value === null || value === undefined) continue;
    reader(config, value, (message, hint) => {
      throw new StrataError(message, { location: where, hint });
    });
  }
  return config;
}

function oneOf<T extends string>(
  key: string,
  value: unknown,
  allowed: readonly T[],
  fail: (message: string, hint?: string) => never,
  listed: readonly string[] = allowed,
): T {
  const written = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  const match = allowed.find((candidate) => candidate === written);
  if (match) return match;
  const suggestion = typeof value === 'string' ? closestMatch(value, listed) : undefined;
  const shown = typeof value === 'string' ? `"${value}"` : describeType(value);
  return fail(
    `Invalid ${key}: ${shown}`,
    `Use one of: ${listed.join(', ')}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
  );
}

function text(key: string, value: unknown, fail: (message: string) => never): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return fail(`Invalid ${key}: expected a string, got ${describeType(value)}`);
}

function textList(key: string, value: unknown, fail: (message: string) => never): string[] {
  const items = Array.isArray(value) ? value : [value];
  const failItem = (message: string): never => fail(`${message} (a string or a list of strings is expected)`);
  return items.map((item) => text(key, item, failItem));
}

function flag(key: string, value: unknown, fail: (message: string, hint?: string) => never): boolean {
  if (typeof value === 'boolean') return value;
  // After env_var rendering a boolean arrives as text.
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  return fail(
    `Invalid ${key}: expected true or false, got ${describeType(value)}`,
    `Write ${key}: true or ${key}: false.`,
  );
}

function textMap(key: string, value: unknown, fail: (message: string, hint?: string) => never): Record<string, string> {
  if (!isYamlMap(value)) return fail(`Invalid ${key}: expected a map of column: type, got ${describeType(value)}`);
  const out: Record<string, string> = {};
  for (const [column, type] of Object.entries(value)) out[column] = text(`${key}.${column}`, type, fail);
  return out;
}
