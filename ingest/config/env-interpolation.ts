/**
 * Secrets and per-environment settings come from the environment, never from the file:
 * `${NAME}`, `${NAME:-default}` and Strata's `{{ env_var('NAME') }}` in any string value.
 * `$${` writes a literal `${`.
 */
import { interpolateEnvVars, type Environment } from '../../src/config/env-var.js';
import type { YamlFile, YamlPath } from '../../src/config/yaml-file.js';
import { isYamlMap } from '../../src/config/yaml-shape.js';

const SHELL_STYLE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const MALFORMED = /\$\{(?![A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\})/;

/** Render `${...}` references in one string; `missing` names the first unset variable. */
export function renderShellVars(
  text: string,
  env: Environment,
): { text: string; missing?: string; malformed?: boolean } {
  if (!text.includes('${')) return { text };
  let missing: string | undefined;
  const withoutEscapes = text.replace(/\$\$\{/g, '');
  if (MALFORMED.test(withoutEscapes)) return { text, malformed: true };
  const rendered = text.replace(
    SHELL_STYLE,
    (match: string, name: string | undefined, fallback: string | undefined) => {
      if (match === '$${') return '${';
      const value = env[name as string];
      // Shell semantics: `:-` also replaces an empty value.
      if (value !== undefined && (value !== '' || fallback === undefined)) return value;
      if (fallback !== undefined) return fallback;
      missing ??= name;
      return match;
    },
  );
  return missing === undefined ? { text: rendered } : { text, missing };
}

/** Interpolate every string of a YAML value; a missing variable is an error at its line. */
export function interpolateEnvironment(value: unknown, yaml: YamlFile, env: Environment, path: YamlPath = []): unknown {
  if (typeof value === 'string') {
    const result = renderShellVars(value, env);
    if (result.malformed) {
      throw yaml.error(
        path,
        'Malformed ${...} reference',
        'Write ${NAME} or ${NAME:-default}; use $${ for a literal "${".',
      );
    }
    if (result.missing !== undefined) {
      throw yaml.error(
        path,
        `Environment variable "${result.missing}" is not set`,
        `Set it before starting the ingester (export ${result.missing}=...), ` +
          `or give a default: \${${result.missing}:-default}.`,
      );
    }
    return interpolateEnvVars(result.text, yaml, env, path);
  }
  if (Array.isArray(value))
    return value.map((item, index) => interpolateEnvironment(item, yaml, env, [...path, index]));
  if (isYamlMap(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = interpolateEnvironment(item, yaml, env, [...path, key]);
    return out;
  }
  return value;
}
