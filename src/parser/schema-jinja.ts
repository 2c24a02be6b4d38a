/**
 * The Jinja of a schema YAML file, rendered before the file is read, with what dbt's
 * properties context gives: `var` as models see it, `env_var` (no secrets) and `target`.
 * Descriptions, data tests and hooks are left for later (config/jinja/yaml-render-rules.ts).
 */
import { renderYamlJinja } from '../config/jinja/render-yaml-jinja.js';
import { rendersInSchemaFile } from '../config/jinja/yaml-render-rules.js';
import type { YamlJinjaScope } from '../config/jinja/yaml-jinja-scope.js';
import type { YamlFile } from '../config/yaml-file.js';
import type { ParseContext } from './parse-context.js';

/** `yaml` with its values rendered; the same file when it holds no Jinja. */
export function renderSchemaFile(yaml: YamlFile, context: ParseContext): YamlFile {
  if (!yaml.holdsJinja) return yaml;
  const scope: YamlJinjaScope = {
    variable: (name, fallback) => context.variables.resolve(name, fallback, yaml.file),
    env: process.env,
    site: 'project',
    target: () => context.targetContext,
  };
  return { ...yaml, value: renderYamlJinja(yaml, scope, { rule: rendersInSchemaFile }) };
}
