/**
 * Rendering the Jinja in a YAML file's values, as dbt renders its YAML: every string value
 * the file's rule allows (keys are never rendered), with the names of its scope. A string
 * without `{{` or `{%` is kept as it is and never reaches nunjucks; a file without either
 * is not even walked. A failure is a StrataError at the value's line.
 */
import { StrataError } from '../../errors/strata-error.js';
import type { YamlFile, YamlPath } from '../yaml-file.js';
import { isYamlMap } from '../yaml-shape.js';
import { yamlJinjaEnvironment } from './yaml-jinja-environment.js';
import { yamlJinjaNames, type YamlJinjaScope } from './yaml-jinja-scope.js';

/** Whether the value at a path is rendered (dbt leaves hooks, descriptions... for later). */
export type RenderRule = (path: YamlPath) => boolean;

/** Whether a string holds Jinja at all. */
export function holdsJinja(text: string): boolean {
  return text.includes('{{') || text.includes('{%');
}

/**
 * `value` (by default the whole file) with its Jinja rendered; `path` is where `value`
 * sits in the file. Values of one expression keep its type (see native-value.ts).
 */
export function renderYamlJinja(
  yaml: YamlFile,
  scope: YamlJinjaScope,
  options: { value?: unknown; path?: YamlPath; rule?: RenderRule } = {},
): unknown {
  const value = 'value' in options ? options.value : yaml.value;
  if (!yaml.holdsJinja) return value;
  const rule = options.rule ?? (() => true);
  const walk = (item: unknown, path: YamlPath): unknown => {
    if (typeof item === 'string') return holdsJinja(item) && rule(path) ? renderValue(yaml, scope, item, path) : item;
    if (Array.isArray(item)) return item.map((entry, index) => walk(entry, [...path, index]));
    if (isYamlMap(item)) {
      const out: Record<string, unknown> = {};
      for (const [key, entry] of Object.entries(item)) out[key] = walk(entry, [...path, key]);
      return out;
    }
    return item;
  };
  return walk(value, options.path ?? []);
}

function renderValue(yaml: YamlFile, scope: YamlJinjaScope, source: string, path: YamlPath): unknown {
  try {
    return yamlJinjaEnvironment().render(source, yamlJinjaNames(scope, source));
  } catch (error) {
    if (!(error instanceof StrataError)) throw error;
    // an error placed in another file (the target's profile) keeps its place; the value's own goes here
    if (error.location?.line !== undefined) throw error;
    throw yaml.error(path, error.message, error.hint);
  }
}
