/**
 * Which YAML values dbt renders when it reads a file, and which it leaves as written for
 * a later step with a fuller context (a hook runs with the model's context, a test's
 * arguments are rendered with the test, a description may call `doc()`).
 */
import type { YamlPath } from '../yaml-file.js';

const HOOKS = new Set(['pre-hook', 'post-hook', 'pre_hook', 'post_hook']);
// Project-file keys dbt does not render at load: run hooks, the query comment, and `vars`
// (read as written; Strata renders only env_var in them, see project-vars.ts).
const PROJECT_UNRENDERED = new Set(['on-run-start', 'on-run-end', 'query-comment', 'vars']);
const RESOURCE_TREES = new Set(['models', 'seeds', 'snapshots', 'tests', 'data_tests', 'data-tests']);

/** dbt_project.yml / project.yml: everything but run hooks, `vars` and model hooks. */
export function rendersInProjectFile(path: YamlPath): boolean {
  const [first] = path;
  if (typeof first !== 'string' || PROJECT_UNRENDERED.has(first)) return false;
  if (!RESOURCE_TREES.has(first)) return true;
  return !path.some((key) => typeof key === 'string' && HOOKS.has(key.replace(/^[+\s]+/, '')));
}

// Schema YAML sections whose entries dbt renders with the properties context. Other
// sections (exposures, metrics, unit_tests...) have rules of their own and no effect here.
const SCHEMA_SECTIONS = new Set(['models', 'seeds', 'snapshots', 'analyses', 'sources', 'macros']);
// a source's loaded_at_query is rendered when it runs, with `this` the source's relation
const LATER = new Set(['description', 'tests', 'data_tests', 'loaded_at_query']);

/**
 * Schema YAML: the properties of each entry, except descriptions and data tests (at the
 * entry, its columns, versions and a source's tables) and `config` hooks.
 */
export function rendersInSchemaFile(path: YamlPath): boolean {
  const [section, index, ...keys] = path;
  if (typeof section !== 'string' || !SCHEMA_SECTIONS.has(section) || typeof index !== 'number') return false;
  let rest = keys;
  if (section === 'sources' && rest[0] === 'tables') rest = rest.slice(2);
  else if (section === 'macros' && rest[0] === 'arguments') rest = rest.slice(2);
  if (rest[0] === 'versions') rest = rest.slice(2);
  if (rest[0] === 'columns') rest = rest.slice(2);
  const [key, child] = rest;
  if (typeof key === 'string' && LATER.has(key)) return false;
  return !(key === 'config' && typeof child === 'string' && (HOOKS.has(child) || child === 'loaded_at_query'));
}
