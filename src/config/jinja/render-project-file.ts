/**
 * The Jinja of the project file (project.yml or dbt_project.yml), rendered as dbt renders
 * dbt_project.yml: `profile:` first (it picks the target the other values may read),
 * then every value but the hooks and `vars:`. Project variables are read as written, with
 * only their `env_var` calls rendered, as before Jinja was rendered anywhere else; `var()`
 * here sees only `--vars`, as dbt's does.
 */
import { formatLocation } from '../../errors/strata-error.js';
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

/** The project file's value with its Jinja rendered, and what the user should know about it. */
export interface RenderedProjectFile {
  value: unknown;
  /** `var()` calls that fell back to their default while the file's own `vars:` name them */
  warnings: string[];
}

/** The project file's value with its Jinja rendered. */
export function renderProjectFile(yaml: YamlFile, options: ProjectJinjaOptions = {}): RenderedProjectFile {
  const env = options.env ?? process.env;
  const root = yaml.value;
  if (!isYamlMap(root)) return { value: root, warnings: [] };
  const vars = root.vars === undefined ? undefined : interpolateEnvVars(root.vars, yaml, env, ['vars']);
  const ownVars = isYamlMap(vars) ? vars : {};
  const shadowed = new Set<string>();
  // As in dbt, the file's own `vars:` are not visible while the file itself is read.
  const fromCli = variablesFrom(
    { ...options.vars },
    `In ${yaml.file}, var() reads only --vars (as in dbt): pass --vars '{name: value}'`,
  );
  const scope: YamlJinjaScope = {
    variable: (name, fallback) => {
      if (Object.hasOwn(ownVars, name) && !Object.hasOwn(options.vars ?? {}, name)) shadowed.add(name);
      return fromCli(name, fallback);
    },
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
  return { value: rendered, warnings: [...shadowed].map((name) => shadowedVarWarning(yaml, name)) };
}

/** A project default dbt would not use either: said once, at its line under `vars:`. */
function shadowedVarWarning(yaml: YamlFile, name: string): string {
  return (
    `${formatLocation(yaml.at(['vars', name]))}: var('${name}') in the configs of ${yaml.file} ` +
    `reads only --vars, as in dbt, so this value is not used there; pass --vars '{${name}: ...}' to set it.`
  );
}
