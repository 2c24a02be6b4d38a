/**
 * The Jinja of the project file (project.yml or dbt_project.yml), rendered as dbt renders
 * dbt_project.yml: `profile:` first (it picks the target the other values may read),
 * then every value but the hooks and `vars:`. Project variables are read as written, with
 * only their `env_var` calls rendered, as before Jinja was rendered anywhere else.
 */
import { interpolateEnvVars, type Environment } from '../env-var.js';
import type { YamlFile } from '../yaml-file.js';
import { isYamlMap } from '../yaml-shape.js';
import { renderYamlJinja } from './render-yaml-jinja.js';
import { rendersInProjectFile } from './yaml-render-rules.js';
import { variablesFrom, type YamlJinjaScope } from './yaml-jinja-scope.js';

/** What the project file's Jinja can read besides its own `vars:`. */
export interface ProjectJinjaOptions {
  /** what `env_var` reads (default process.env) */
  env?: Environment;
  /** `--vars`, which win over the project's */
  vars?: Readonly<Record<string, unknown>>;
  /** the public target of the named profile, loaded when a value reads `target` */
  target?: (profileName: string) => Record<string, unknown>;
}

/** The project file's value with its Jinja rendered. */
export function renderProjectFile(yaml: YamlFile, options: ProjectJinjaOptions = {}): unknown {
  const env = options.env ?? process.env;
  const root = yaml.value;
  if (!isYamlMap(root)) return root;
  const vars = root.vars === undefined ? undefined : interpolateEnvVars(root.vars, yaml, env, ['vars']);
  const scope: YamlJinjaScope = {
    variable: variablesFrom(
      { ...(isYamlMap(vars) ? vars : {}), ...options.vars },
      `Set it under "vars:" in ${yaml.file}, or pass --vars '{name: value}'`,
    ),
    env,
    site: 'project',
  };
  const profile = renderYamlJinja(yaml, scope, { value: root.profile, path: ['profile'] });
  const { target } = options;
  if (target) {
    let loaded: Record<string, unknown> | undefined;
    scope.target = () => (loaded ??= target(typeof profile === 'string' ? profile : String(root.name)));
  }
  const rule = (path: readonly (string | number)[]) => path[0] !== 'profile' && rendersInProjectFile(path);
  const rendered = renderYamlJinja(yaml, scope, { rule }) as Record<string, unknown>;
  if (root.profile !== undefined) rendered.profile = profile;
  if (vars !== undefined) rendered.vars = vars;
  return rendered;
}
