/**
 * Top-level keys of dbt's `dbt_project.yml` (dbt-core 1.10/1.11) that Strata does not act
 * on yet. A ported project may set any of them: each is accepted with one warning at its
 * line, instead of failing the parse. Keys Strata acts on are read in project.ts.
 */
import { formatLocation } from '../errors/strata-error.js';
import type { YamlFile } from './yaml-file.js';
import type { YamlMap } from './yaml-shape.js';

/** dbt's spellings (dashed, except the resource blocks dbt spells with `_`). */
export const DBT_PROJECT_KEYS_WITHOUT_EFFECT: readonly string[] = [
  // folders and files
  'asset-paths',
  'function-paths',
  'log-path',
  // behaviour
  'query-comment',
  'quoting',
  'flags',
  'restrict-access',
  'dbt-cloud',
  // config blocks of resources Strata does not build or configure from here
  'analyses',
  'metrics',
  'semantic-models',
  'saved-queries',
  'functions',
];

/** One warning per key of `raw` in DBT_PROJECT_KEYS_WITHOUT_EFFECT, at its line. */
export function dbtProjectKeyWarnings(yaml: YamlFile, raw: YamlMap): string[] {
  return Object.keys(raw)
    .filter((key) => DBT_PROJECT_KEYS_WITHOUT_EFFECT.includes(key))
    .map(
      (key) =>
        `${formatLocation(yaml.at([key]))}: "${key}" in ${yaml.file} is a dbt setting Strata does not act on yet; ` +
        'it has no effect.',
    );
}
