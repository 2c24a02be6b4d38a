/**
 * dbt-style folder config from project.yml:
 *
 *   models:
 *     shop:                    # the project name (may be omitted)
 *       +materialized: view
 *       staging:               # a folder below the model path
 *         +schema: staging
 *         +tags: [staging]
 */
import { accumulate, hookKey, isAccumulating } from './accumulating-config.js';
import type { RawConfig } from './types.js';
import { isYamlMap } from './yaml-shape.js';

/**
 * The config that applies to a file in the folder `pathSegments` (relative to its model,
 * seed or test path, e.g. `['staging']` for `models/staging/stg_orders.sql`). Deeper
 * folders win; `tags` accumulate. Keys come back without their leading `+`.
 *
 * A key with `+` is always config. A key without `+` is a folder when its value is a map,
 * else config (`materialized: view`). Pass the file's name as a last segment to also
 * apply a block written for that one file.
 */
export function configForPath(
  tree: Record<string, unknown>,
  projectName: string,
  pathSegments: readonly string[],
): RawConfig {
  const layers: RawConfig[] = [configAt(tree)];
  // The project-name level is optional: without it, top-level folders are ours.
  const projectLevel = tree[projectName];
  let level: Record<string, unknown> | undefined = isYamlMap(projectLevel) ? projectLevel : tree;
  if (level !== tree) layers.push(configAt(level));
  for (const segment of pathSegments) {
    const next: unknown = level[segment];
    if (!isYamlMap(next)) break;
    level = next;
    layers.push(configAt(level));
  }
  return mergeRawConfigs(layers);
}

/** The config keys of one level of the tree, `+` removed. */
function configAt(level: Record<string, unknown>): RawConfig {
  const config: RawConfig = {};
  for (const [key, value] of Object.entries(level)) {
    if (key.startsWith('+')) config[key.slice(1)] = value;
    else if (!isYamlMap(value)) config[key] = value;
  }
  return config;
}

/**
 * Merge raw configs in order: later keys win, except `tags`, which are the union of all
 * layers (a string counts as a one-tag list), and hooks and grants (accumulating-config.ts).
 * A layer's leading `+` on keys is removed; `pre-hook` is read as `pre_hook`.
 */
export function mergeRawConfigs(layers: readonly RawConfig[]): RawConfig {
  const merged: RawConfig = {};
  const tags: unknown[] = [];
  let sawTags = false;
  for (const layer of layers) {
    for (const [rawKey, value] of Object.entries(layer)) {
      const unprefixed = rawKey.startsWith('+') ? rawKey.slice(1) : rawKey;
      const key = hookKey(unprefixed) ?? unprefixed;
      if (isAccumulating(key)) {
        merged[key] = accumulate(key, merged[key], value);
      } else if (key === 'tags') {
        sawTags = true;
        for (const tag of Array.isArray(value) ? value : value === null || value === undefined ? [] : [value]) {
          if (!tags.includes(tag)) tags.push(tag);
        }
      } else {
        merged[key] = value;
      }
    }
  }
  if (sawTags) merged.tags = tags;
  return merged;
}
