/**
 * `{{ env_var('NAME') }}` and `{{ env_var('NAME', 'default') }}` where only this one call
 * is allowed: the ingester's configuration and the project file's `vars:` (which dbt reads
 * as written; other project and profile values get full Jinja, see jinja/). A regex
 * renderer rather than nunjucks. Secret variables (`STRATA_ENV_SECRET_*`) may be read in
 * profiles.yml only.
 */
import { secretEnvVarMisuse, secretsAllowedAt, type EnvVarSite } from './secret-env.js';
import { isSecretEnvName } from './secret-names.js';
import type { YamlFile, YamlPath } from './yaml-file.js';
import { isYamlMap } from './yaml-shape.js';

/** The environment read by `env_var`; `process.env` unless a test passes its own. */
export type Environment = Readonly<Record<string, string | undefined>>;

// name in '...' or "..."; optional default as a quoted string or a bare number.
const ENV_VAR_CALL =
  /\{\{\s*env_var\(\s*(?:'([^']*)'|"([^"]*)")\s*(?:,\s*(?:'([^']*)'|"([^"]*)"|(-?\d+(?:\.\d+)?))\s*)?\)\s*\}\}/g;
const LEFTOVER_CALL = /\{\{[^}]*\benv_var\b/;

/** The outcome of rendering one string: its text, or the first variable that was missing or not allowed. */
export type EnvRenderResult =
  | { ok: true; text: string }
  | { ok: false; missing: string }
  | { ok: false; secret: string }
  | { ok: false; unsupported: true };

/** Replace every `env_var` call in `text`, read at `site`; pure, for use outside YAML too. */
export function renderEnvVars(text: string, env: Environment, site: EnvVarSite = 'project'): EnvRenderResult {
  if (!text.includes('env_var')) return { ok: true, text };
  let missing: string | undefined;
  let secret: string | undefined;
  const rendered = text.replace(ENV_VAR_CALL, (call: string, ...groups: Array<string | undefined>) => {
    const [single, double, defaultSingle, defaultDouble, defaultNumber] = groups;
    const name = single ?? double ?? '';
    if (isSecretEnvName(name) && !secretsAllowedAt(site)) {
      secret ??= name;
      return call;
    }
    const value = env[name] ?? defaultSingle ?? defaultDouble ?? defaultNumber;
    if (value === undefined) {
      missing ??= name;
      return call;
    }
    return value;
  });
  if (secret !== undefined) return { ok: false, secret };
  if (missing !== undefined) return { ok: false, missing };
  if (LEFTOVER_CALL.test(rendered)) return { ok: false, unsupported: true };
  return { ok: true, text: rendered };
}

/**
 * Render `env_var` calls in every string of a YAML value (keys are left alone), returning a
 * new value. A missing variable without a default, or a secret one read where `site` does
 * not allow secrets, is a StrataError at the string's line.
 */
export function interpolateEnvVars(
  value: unknown,
  yaml: YamlFile,
  env: Environment = process.env,
  path: YamlPath = [],
  site: EnvVarSite = 'project',
): unknown {
  if (typeof value === 'string') {
    const result = renderEnvVars(value, env, site);
    if (result.ok) return result.text;
    if ('secret' in result) {
      const { message, hint } = secretEnvVarMisuse(result.secret);
      throw yaml.error(path, message, hint);
    }
    if ('missing' in result) {
      throw yaml.error(
        path,
        `Environment variable "${result.missing}" is not set`,
        `Set it before running Strata (export ${result.missing}=...), or give a default: ` +
          `{{ env_var('${result.missing}', 'default') }}.`,
      );
    }
    throw yaml.error(
      path,
      'Unsupported env_var expression',
      "Write it as {{ env_var('NAME') }} or {{ env_var('NAME', 'default') }}; " +
        'filters and other expressions are not supported here.',
    );
  }
  if (Array.isArray(value))
    return value.map((item, index) => interpolateEnvVars(item, yaml, env, [...path, index], site));
  if (isYamlMap(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      out[key] = interpolateEnvVars(item, yaml, env, [...path, key], site);
    return out;
  }
  return value;
}

/**
 * `threads` as a positive integer. After interpolation `threads: "{{ env_var('THREADS') }}"`
 * is the string "8"; it is read as a number here rather than by guessing types for every value.
 */
export function coerceThreads(value: unknown, yaml: YamlFile, path: YamlPath): number {
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number === 'number' && Number.isInteger(number) && number > 0) return number;
  const shown = typeof value === 'string' || typeof value === 'number' ? ` (got "${String(value)}")` : '';
  const hint = 'Set threads: 4, or another whole number of at least 1.';
  throw yaml.error(path, `"threads" must be a positive integer${shown}`, hint);
}
