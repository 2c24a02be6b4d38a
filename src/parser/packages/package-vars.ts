/**
 * dbt's precedence of `var()` for a node: `--vars`, then the root project's vars scoped to
 * the node's package (`vars: { <package>: { x: 1 } }`), then the root project's global vars,
 * then (for a node of an installed package) the package's own dbt_project.yml vars.
 */
import type { ProjectConfig } from '../../config/types.js';
import { isYamlMap } from '../../config/yaml-shape.js';

/**
 * The vars a node of `project` sees. `projectNames` are the root project's and every installed
 * package's names: a var named like one whose value is a map is that project's scope, not a var.
 */
export function projectVars(
  project: ProjectConfig,
  root: ProjectConfig,
  cliVars: Record<string, unknown>,
  projectNames: ReadonlySet<string>,
): Record<string, unknown> {
  const globals = (vars: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(vars).filter(([key, value]) => !(projectNames.has(key) && isYamlMap(value))));
  const scoped = (vars: Record<string, unknown>, name: string) => (isYamlMap(vars[name]) ? vars[name] : {});
  if (project === root) return { ...root.vars, ...scoped(root.vars, root.name), ...cliVars };
  return {
    ...globals(project.vars),
    ...scoped(project.vars, project.name),
    ...globals(root.vars),
    ...scoped(root.vars, project.name),
    ...cliVars,
  };
}
