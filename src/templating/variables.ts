import { secretEnvVarMisuse, secretsAllowedAt, type EnvVarSite } from '../config/secret-env.js';
import { isSecretEnvName } from '../config/secret-names.js';
import { StrataError } from '../errors/strata-error.js';

/**
 * The variables a project's templates see, in dbt's order of precedence: `--vars` first,
 * then the project's vars scoped under its own name (`vars: {my_project: {x: 1}}`), then
 * its global vars.
 */
export function projectVariables(
  projectName: string,
  projectVars: Record<string, unknown> = {},
  cliVars: Record<string, unknown> = {},
): Record<string, unknown> {
  const scoped = projectVars[projectName];
  const own = scoped && typeof scoped === 'object' && !Array.isArray(scoped) ? (scoped as Record<string, unknown>) : {};
  return { ...projectVars, ...own, ...cliVars };
}

/** `var()` and `env_var()` lookups: project vars overridden by `--vars`, and the environment. */
export class VariableResolver {
  constructor(
    private readonly vars: Record<string, unknown>,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  resolve(name: string, defaultValue: unknown, file: string): unknown {
    if (Object.prototype.hasOwnProperty.call(this.vars, name)) return this.vars[name];
    if (defaultValue !== undefined) return defaultValue;
    throw new StrataError(`Required variable '${name}' has not been provided`, {
      location: { file },
      hint: `Set it under vars: in project.yml, pass --vars '{${name}: ...}', or give var('${name}', <default>).`,
    });
  }

  /**
   * `env_var(name)` rendered in `file`. Models, tests, macros and analyses render as
   * `node` and may not read secret variables; a hook's scope will pass `hook`.
   */
  envVar(name: string, defaultValue: string | undefined, file: string, site: EnvVarSite = 'node'): string {
    if (isSecretEnvName(name) && !secretsAllowedAt(site)) {
      const { message, hint } = secretEnvVarMisuse(name);
      throw new StrataError(message, { location: { file }, hint });
    }
    const value = this.env[name];
    if (value !== undefined) return value;
    if (defaultValue !== undefined) return defaultValue;
    throw new StrataError(`Environment variable '${name}' is not set`, {
      location: { file },
      hint: `export ${name}=... before running, or give env_var('${name}', '<default>').`,
    });
  }
}
