/**
 * A snapshot's own settings (dbt 1.9+): how changes are detected (`strategy`, `updated_at`,
 * `check_cols`), which rows are one record (`unique_key`), what a row gone from the input
 * means (`hard_deletes`), and the names and current value of the meta columns. They arrive
 * in `NodeConfig.extra`, from the project's `snapshots:` block, YAML `config:` and `config()`.
 */
import { StrataError, type SourceLocation } from '../errors/strata-error.js';
import type { NodeConfig, SnapshotConfig, SnapshotMetaColumns } from '../manifest/types.js';
import { closestMatch } from './closest-match.js';
import { describeType, isYamlMap } from './yaml-shape.js';

/** The snapshot config keys Strata acts on (besides `unique_key`, which models share). */
export const SNAPSHOT_CONFIG_KEYS: readonly string[] = [
  'strategy',
  'updated_at',
  'check_cols',
  'hard_deletes',
  'invalidate_hard_deletes',
  'dbt_valid_to_current',
  'snapshot_meta_column_names',
  'target_schema',
  'target_database',
];

/** dbt's meta column names, by `snapshot_meta_column_names` key. */
const META_COLUMNS: Record<string, keyof SnapshotMetaColumns> = {
  dbt_scd_id: 'dbtScdId',
  dbt_updated_at: 'dbtUpdatedAt',
  dbt_valid_from: 'dbtValidFrom',
  dbt_valid_to: 'dbtValidTo',
  dbt_is_deleted: 'dbtIsDeleted',
};

const STRATEGIES = ['timestamp', 'check'] as const;
const HARD_DELETES = ['ignore', 'invalidate', 'new_record'] as const;

/** Read and check the snapshot settings of `config`; a missing or bad one is an error at `where`. */
export function readSnapshotConfig(config: NodeConfig, where: SourceLocation, name: string): SnapshotConfig {
  const extra = config.extra;
  const fail = (message: string, hint: string): never => {
    throw new StrataError(`Snapshot '${name}': ${message}`, { location: where, hint });
  };
  const strategy = oneOf(extra.strategy, STRATEGIES, 'strategy', fail);
  if (strategy === undefined) {
    fail('no strategy is set', "Set strategy: 'timestamp' (with updated_at) or strategy: 'check' (with check_cols).");
  }
  const uniqueKey = config.uniqueKey ?? [];
  if (uniqueKey.length === 0) {
    fail('no unique_key is set', 'Set unique_key to the column (or list of columns) that identifies a record.');
  }
  const updatedAt = optionalText(extra.updated_at, 'updated_at', fail);
  if (strategy === 'timestamp' && updatedAt === undefined) {
    fail('the timestamp strategy needs updated_at', 'Set updated_at to the column holding when a row last changed.');
  }
  const checkCols = readCheckCols(extra.check_cols, fail);
  if (strategy === 'check' && checkCols === undefined) {
    fail('the check strategy needs check_cols', "Set check_cols: 'all' or a list of the columns to compare.");
  }
  let hardDeletes = oneOf(extra.hard_deletes, HARD_DELETES, 'hard_deletes', fail);
  if (hardDeletes === undefined && (extra.invalidate_hard_deletes === true || extra.invalidate_hard_deletes === 'true'))
    hardDeletes = 'invalidate';
  return {
    strategy: strategy!,
    uniqueKey,
    ...(updatedAt === undefined ? {} : { updatedAt }),
    ...(checkCols === undefined ? {} : { checkCols }),
    hardDeletes: hardDeletes ?? 'ignore',
    ...optional('validToCurrent', optionalText(extra.dbt_valid_to_current, 'dbt_valid_to_current', fail)),
    columns: readMetaColumns(extra.snapshot_meta_column_names, fail),
  };
}

/** `target_schema` / `target_database`: the legacy settings that name the snapshot's schema as written. */
export function legacyTarget(config: NodeConfig): { schema?: string; database?: string } {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  return { schema: text(config.extra.target_schema), database: text(config.extra.target_database) };
}

type Fail = (message: string, hint: string) => never;

function oneOf<T extends string>(value: unknown, allowed: readonly T[], key: string, fail: Fail): T | undefined {
  if (value === undefined || value === null) return undefined;
  const written = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  const match = allowed.find((candidate) => candidate === written);
  if (match !== undefined) return match;
  const suggestion = typeof value === 'string' ? closestMatch(value, allowed) : undefined;
  const shown = typeof value === 'string' ? `"${value}"` : describeType(value);
  return fail(
    `invalid ${key}: ${shown}`,
    `Use one of: ${allowed.join(', ')}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
  );
}

function optionalText(value: unknown, key: string, fail: Fail): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return fail(
    `invalid ${key}: expected a column or SQL expression, got ${describeType(value)}`,
    `Write ${key}: <text>.`,
  );
}

function readCheckCols(value: unknown, fail: Fail): string[] | 'all' | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && value.trim().toLowerCase() === 'all') return 'all';
  const items = typeof value === 'string' ? [value] : value;
  if (Array.isArray(items) && items.length > 0 && items.every((item) => typeof item === 'string')) return items;
  return fail(`invalid check_cols: ${describeType(value)}`, "Write check_cols: 'all' or a list of column names.");
}

function readMetaColumns(value: unknown, fail: Fail): SnapshotMetaColumns {
  const columns: SnapshotMetaColumns = {
    dbtScdId: 'dbt_scd_id',
    dbtUpdatedAt: 'dbt_updated_at',
    dbtValidFrom: 'dbt_valid_from',
    dbtValidTo: 'dbt_valid_to',
    dbtIsDeleted: 'dbt_is_deleted',
  };
  if (value === undefined || value === null) return columns;
  if (!isYamlMap(value)) {
    return fail(
      `invalid snapshot_meta_column_names: expected a map, got ${describeType(value)}`,
      'Write it as a map, e.g. snapshot_meta_column_names: {dbt_valid_from: start_date}.',
    );
  }
  for (const [key, name] of Object.entries(value)) {
    const field = META_COLUMNS[key];
    if (field === undefined) {
      const suggestion = closestMatch(key, Object.keys(META_COLUMNS));
      fail(
        `unknown meta column "${key}" in snapshot_meta_column_names`,
        `Rename any of: ${Object.keys(META_COLUMNS).join(', ')}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
      );
    }
    if (typeof name !== 'string' || name.trim() === '') {
      fail(`the new name of "${key}" must be a column name`, `Write ${key}: <column name>.`);
    }
    columns[field!] = (name as string).trim();
  }
  return columns;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
