/**
 * The names a YAML file's Jinja can use, as dbt gives them per file:
 *
 * - project file: `var` (`--vars` only, as in dbt), `env_var`, `target`;
 * - schema YAML: `var` (as models see it), `env_var`, `target`;
 * - profiles.yml: `var` (`--vars` only) and `env_var`, which alone may read secrets.
 *
 * All have `dbt_version` and `builtins`. The target is loaded only when a value names it,
 * so a project whose values do not need the profile reads none.
 */
import { DBT_COMPATIBLE_VERSION } from '../../artifacts/strata-version.js';
import { StrataError } from '../../errors/strata-error.js';
import { splitArguments, stringArgument } from '../../templating/template-args.js';
import type { Environment } from '../env-var.js';
import { secretEnvVarMisuse, secretsAllowedAt, type EnvVarSite } from '../secret-env.js';
import { isSecretEnvName } from '../secret-names.js';

/** What one YAML file's values may read. */
export interface YamlJinjaScope {
  /** `var(name, default)`; throws a StrataError for a missing variable without a default */
  variable(name: string, fallback: unknown): unknown;
  /** the environment `env_var` reads */
  env: Environment;
  /** where the file is, for the secret-variable rule */
  site: EnvVarSite;
  /** the public target (`target.name`...), when the file may read it */
  target?: () => Record<string, unknown>;
}

/** A `variable` reading `vars`; `where` says in the hint where variables come from. */
export function variablesFrom(vars: Readonly<Record<string, unknown>>, where: string): YamlJinjaScope['variable'] {
  return (name, fallback) => {
    if (Object.prototype.hasOwnProperty.call(vars, name)) return vars[name];
    if (fallback !== undefined) return fallback;
    throw new StrataError(`Required variable '${name}' has not been provided`, {
      hint: `${where}, or give a default: var('${name}', <default>).`,
    });
  };
}

/** `name` and `default`, positionally or by keyword (`var('x', default=1)`). */
function nameAndFallback(args: unknown[]): { name: string; fallback: unknown } {
  const call = splitArguments(args);
  const fallback = call.positional.length > 1 ? call.positional[1] : call.keywords.default;
  return { name: stringArgument(call, 0, 'name') ?? '', fallback };
}

/** The names visible to one value; `source` is its text, to load the target only when named. */
export function yamlJinjaNames(scope: YamlJinjaScope, source: string): Record<string, unknown> {
  const variable = (...args: unknown[]) => {
    const { name, fallback } = nameAndFallback(args);
    return scope.variable(name, fallback);
  };
  const envVar = (...args: unknown[]) => {
    const { name, fallback } = nameAndFallback(args);
    return readEnvVar(scope, name, fallback);
  };
  const names: Record<string, unknown> = {
    var: variable,
    env_var: envVar,
    dbt_version: DBT_COMPATIBLE_VERSION,
    builtins: { var: variable, env_var: envVar },
  };
  if (scope.target && /\btarget\b/.test(source)) names.target = scope.target();
  return names;
}

function readEnvVar(scope: YamlJinjaScope, name: string, fallback: unknown): unknown {
  if (isSecretEnvName(name) && !secretsAllowedAt(scope.site)) {
    const { message, hint } = secretEnvVarMisuse(name);
    throw new StrataError(message, { hint });
  }
  const value = scope.env[name];
  if (value !== undefined) return value;
  if (fallback !== undefined && fallback !== null) return fallback;
  throw new StrataError(`Environment variable "${name}" is not set`, {
    hint: `Set it before running Strata (export ${name}=...), or give a default: {{ env_var('${name}', 'default') }}.`,
  });
}
