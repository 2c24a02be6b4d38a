/**
 * Secret environment variables, dbt's convention: a variable whose name starts with
 * `STRATA_ENV_SECRET_` (or `DBT_ENV_SECRET_`, for projects migrated from dbt) holds a
 * credential. It may be read only where credentials belong (profiles.yml; hooks, once
 * they exist), never rendered into a model's SQL or the project's configuration, and its
 * value is masked in everything Strata prints or writes.
 */
import type { Environment } from './env-var.js';
import { isSecretEnvName, SECRET_ENV_PREFIXES } from './secret-names.js';

/** What a secret value becomes in output and artifacts (as in dbt and CI systems). */
export const SECRET_VALUE_MASK = '*****';

/**
 * Where an `env_var()` call is rendered. Secrets may be read only by `profile`, `packages`
 * and `hook` renders (hooks/render-hook.ts: pre/post hooks, run hooks, run-operation).
 */
export type EnvVarSite = 'profile' | 'hook' | 'project' | 'node' | 'packages';

// packages.yml may hold a git token, as dbt allows; package-lock.yml keeps the call unrendered
const SECRET_SITES: ReadonlySet<EnvVarSite> = new Set(['profile', 'hook', 'packages']);

/** Whether a secret environment variable may be read at `site`. */
export function secretsAllowedAt(site: EnvVarSite): boolean {
  return SECRET_SITES.has(site);
}

/** The error for reading secret `name` where secrets are not allowed, and its fix. */
export function secretEnvVarMisuse(name: string): { message: string; hint: string } {
  return {
    message: `Secret environment variable '${name}' can only be used in profiles.yml`,
    hint:
      `Variables named ${SECRET_ENV_PREFIXES.join('* or ')}* hold credentials: their values are masked in all output ` +
      'and never rendered into SQL or project settings. Read it in profiles.yml (or a git URL in packages.yml), ' +
      'or, if the value is not secret, rename the variable without that prefix.',
  };
}

/** The values of the secret variables set in `env`, longest first so a value containing another is masked whole. */
export function secretEnvValues(env: Environment = process.env): string[] {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    // an empty value is not a secret, and masking '' would mask everywhere
    if (value && isSecretEnvName(name)) values.add(value);
  }
  return [...values].sort((a, b) => b.length - a.length);
}

let processSecrets: string[] | undefined;

/**
 * The secret values of this process's environment, read once: reading the environment
 * costs tens of microseconds, and masking runs for every line and every SQL file written.
 */
export function processSecretValues(): string[] {
  return (processSecrets ??= secretEnvValues(process.env));
}

/**
 * `text` with every secret value masked, also where an artifact escaped it: JSON (a quote
 * or a backslash), JSON inlined into the docs page (`<` as `\u003c`), XML and HTML
 * (`&quot;`, `&lt;`... in JUnit reports and the docs page).
 */
export function scrubSecretValues(
  text: string,
  secrets: readonly string[] = processSecretValues(),
  mask = SECRET_VALUE_MASK,
): string {
  let out = text;
  for (const secret of secrets) {
    const json = JSON.stringify(secret).slice(1, -1);
    const markup = escapeMarkup(secret);
    const forms = new Set([secret, json, json.replace(/</g, '\\u003c'), markup, markup.replace(/'/g, '&apos;')]);
    for (const form of forms) {
      if (out.includes(form)) out = out.split(form).join(mask);
    }
  }
  return out;
}

function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
