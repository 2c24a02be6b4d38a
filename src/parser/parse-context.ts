import { createHash } from 'node:crypto';
import type { Dialect, TargetConfig } from '../adapters/contract.js';
import { targetDatabase } from '../adapters/registry.js';
import type { ConfigKeys } from '../config/config-keys.js';
import { isSecretKey } from '../config/redact-secrets.js';
import { processSecretValues } from '../config/secret-env.js';
import type { ProjectConfig } from '../config/types.js';
import type { DbtInvocation } from '../templating/dbt-context/invocation.js';
import type { TemplateEnvironment } from '../templating/environment.js';
import type { VariableResolver } from '../templating/variables.js';

/** Everything the parsers share for one project and target. */
export interface ParseContext {
  /** the project whose files are parsed: the root project, or an installed package */
  project: ProjectConfig;
  /** the root project, when `project` is an installed package (its config and vars override the package's) */
  rootProject?: ProjectConfig;
  /** `--vars`, which override every project's vars */
  cliVars?: Record<string, unknown>;
  target: TargetConfig;
  dialect: Dialect;
  templates: TemplateEnvironment;
  variables: VariableResolver;
  /** what `{{ target }}` shows: name, type, schema, database, threads — never secrets */
  targetContext: Record<string, unknown>;
  /** the config keys this warehouse acts on, and dbt's that it accepts without acting on */
  configKeys: ConfigKeys;
  /** things worth telling the user that do not stop the run, each `file:line: message` */
  warnings: string[];
  /** dbt's invocation_id, run_started_at and flags, shared by every render of the command */
  invocation: DbtInvocation;
}

/** The installed package `ctx` parses, whose templates find its macros first; undefined for the root project. */
export function installedPackageOf(ctx: ParseContext): string | undefined {
  return ctx.rootProject === undefined ? undefined : ctx.project.name;
}

/**
 * The `target` object templates see, with dbt's fields: name, type, schema, database,
 * threads, profile_name, and the target's other plain settings (user, host, path...).
 * Never a secret: settings declared secret or named like credentials, and values that
 * came from secret environment variables, are left out.
 */
export function publicTargetContext(target: TargetConfig, profileName?: string): Record<string, unknown> {
  const secrets = new Set(processSecretValues());
  const settings = Object.entries(target.settings).filter(
    ([key, value]) =>
      ['string', 'number', 'boolean'].includes(typeof value) && !isSecretKey(key) && !secrets.has(String(value)),
  );
  return {
    ...Object.fromEntries(settings),
    name: target.name,
    target_name: target.name,
    type: target.type,
    schema: target.schema,
    database: targetDatabase(target),
    threads: target.threads,
    ...(profileName === undefined ? {} : { profile_name: profileName }),
  };
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** 1-based line of the first occurrence of `needle` in `text`, if any. */
export function lineOf(text: string, needle: string | RegExp): number | undefined {
  const index = typeof needle === 'string' ? text.indexOf(needle) : text.search(needle);
  if (index < 0) return undefined;
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
