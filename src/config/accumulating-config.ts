/**
 * The config keys dbt does not simply override from one level to the next: hooks
 * accumulate (the project's first, then the folder's, the YAML's and the file's own),
 * `grants` merge privilege by privilege, a `+select` adding its roles to the inherited ones
 * instead of replacing them, and the maps dbt updates key by key (`meta`, `docs`...) keep
 * the inherited keys a deeper level does not set.
 */
import { isYamlMap } from './yaml-shape.js';

/** The hook keys under the one spelling Strata keeps (`pre-hook` is read as `pre_hook`). */
const HOOK_KEYS: Record<string, string> = {
  pre_hook: 'pre_hook',
  'pre-hook': 'pre_hook',
  post_hook: 'post_hook',
  'post-hook': 'post_hook',
};

/** The map configs dbt merges with `MergeBehavior.Update`: a deeper level's keys over the inherited ones. */
const UPDATED_MAPS = new Set(['meta', 'docs', 'quoting', 'column_types', 'contract']);

/** `pre_hook` for `pre-hook` or `pre_hook`; undefined for any other key. */
export function hookKey(key: string): string | undefined {
  return HOOK_KEYS[key];
}

/**
 * Merge one layer's value of an accumulating key into what earlier layers set; returns
 * the merged value, or `undefined` when `key` is not accumulating (the caller overrides).
 */
export function accumulate(key: string, earlier: unknown, value: unknown): unknown {
  if (hookKey(key) !== undefined) return [...asList(earlier), ...asList(value)];
  if (key === 'grants') return mergeGrants(earlier, value);
  if (UPDATED_MAPS.has(key)) return updateMap(earlier, value);
  return undefined;
}

/** Whether a key is merged by `accumulate` rather than overridden. */
export function isAccumulating(key: string): boolean {
  return hookKey(key) !== undefined || key === 'grants' || UPDATED_MAPS.has(key);
}

/** A map over the inherited one, key by key; a value that is not a map is kept as written for validation. */
function updateMap(earlier: unknown, value: unknown): unknown {
  if (!isYamlMap(value) || !isYamlMap(earlier)) return value;
  return { ...earlier, ...value };
}

function asList(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * dbt's grants merge: a privilege set again replaces the inherited roles, `+privilege`
 * adds to them. A value that is not a map is kept as written for validation to report.
 */
function mergeGrants(earlier: unknown, value: unknown): unknown {
  if (value === null || value === undefined) return earlier;
  if (!isYamlMap(value)) return value;
  const merged: Record<string, unknown> = isYamlMap(earlier) ? { ...earlier } : {};
  for (const [written, roles] of Object.entries(value)) {
    const privilege = written.replace(/^\+/, '');
    merged[privilege] = written.startsWith('+') ? [...asList(merged[privilege]), ...asList(roles)] : roles;
  }
  return merged;
}
