/**
 * Which config keys a model, seed or data test may set: an unknown key (`materialised`)
 * is an error at its line naming the closest valid key; a dbt key Strata does not act on
 * (`persist_docs`) is accepted with one warning at its line. Checked where each key is
 * written (project.yml, a schema file's `config:`, a `config()` call), so a folder-level
 * key warns once, not once per model.
 */
import { StrataError, formatLocation } from '../errors/strata-error.js';
import type { SourceLocation } from '../errors/strata-error.js';
import { closestMatch } from './closest-match.js';
import { DBT_CONFIG_KEYS } from './dbt-config-keys.js';
import { KNOWN_CONFIG_KEYS } from './node-config.js';
import { SNAPSHOT_CONFIG_KEYS } from './snapshot-config.js';
import { isYamlMap } from './yaml-shape.js';

/** The config keys one warehouse acts on, and the dbt keys it accepts without acting on. */
export interface ConfigKeys {
  acted: ReadonlySet<string>;
  dbtOnly: ReadonlySet<string>;
}

// `meta` has no behaviour to act on: it is kept in manifest.json as dbt keeps it.
const DOCUMENTATION_KEYS = ['meta'];

/**
 * Properties of a model that projects also write as config, where dbt ignores them too (1.10
 * warns of a custom key): the warning says where they take effect.
 */
const PROPERTIES_NOT_CONFIG: Record<string, string> = {
  constraints:
    'constraints are a property of the model, not a config: write them in its schema YAML entry, ' +
    'beside columns: (model level) or under a column, with contract: {enforced: true}.',
};

/** The config keys of a warehouse whose dialect acts on `dialectKeys` besides Strata's own. */
export function configKeysFor(dialectKeys: readonly string[] = []): ConfigKeys {
  const acted = new Set([...KNOWN_CONFIG_KEYS, ...SNAPSHOT_CONFIG_KEYS, ...DOCUMENTATION_KEYS, ...dialectKeys]);
  return { acted, dbtOnly: new Set(DBT_CONFIG_KEYS.filter((key) => !acted.has(key))) };
}

/**
 * Check every key of one written config map. Throws a StrataError for an unknown key;
 * returns one warning per dbt key without an effect. `locate` gives a key's file and
 * line; `what` names the map in messages (`the config of model "orders"`).
 */
export function checkConfigKeys(
  config: Record<string, unknown>,
  keys: ConfigKeys,
  locate: (key: string) => SourceLocation,
  what: string,
): string[] {
  const warnings: string[] = [];
  for (const written of Object.keys(config)) {
    const key = written.replace(/^\+/, '').replace(/-/g, '_');
    if (keys.acted.has(key)) continue;
    const property = PROPERTIES_NOT_CONFIG[key];
    if (property) {
      warnings.push(`${formatLocation(locate(written))}: "${written}" in ${what} has no effect: ${property}`);
      continue;
    }
    if (keys.dbtOnly.has(key)) {
      warnings.push(
        `${formatLocation(locate(written))}: "${written}" in ${what} ` +
          'is a dbt config Strata does not act on yet; it has no effect.',
      );
      continue;
    }
    const match = closestMatch(key, [...keys.acted, ...keys.dbtOnly]);
    throw new StrataError(`Unknown config key "${written}" in ${what}`, {
      location: locate(written),
      hint:
        (match ? `Did you mean "${match}"? ` : '') +
        `Config keys Strata acts on: ${[...keys.acted].sort().join(', ')}.`,
    });
  }
  return warnings;
}

/**
 * Check the config keys of a project.yml folder tree (`models:`, `seeds:` or `data_tests:`),
 * read as `configForPath` reads it: a `+` key is config; a key without `+` is a folder when
 * its value is a map, else config. `path` is the tree's own path in project.yml, e.g.
 * `['models']`; `locate` takes the path of a key.
 */
export function checkFolderConfigKeys(
  tree: Record<string, unknown>,
  keys: ConfigKeys,
  path: readonly string[],
  locate: (path: readonly string[]) => SourceLocation,
): string[] {
  const warnings: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(tree)) {
    if (!key.startsWith('+') && isYamlMap(value))
      warnings.push(...checkFolderConfigKeys(value, keys, [...path, key], locate));
    // an empty folder entry (`staging:` with nothing below) configures nothing
    else if (key.startsWith('+') || (value !== null && value !== undefined)) config[key] = value;
  }
  const here = checkConfigKeys(
    config,
    keys,
    (key) => locate([...path, key]),
    `"${path.join('.')}" of ${locate(path).file}`,
  );
  return [...here, ...warnings];
}
