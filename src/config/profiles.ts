/**
 * profiles.yml: the warehouse connection of the chosen profile and target.
 *
 *   shop:
 *     target: dev
 *     outputs:
 *       dev: { type: duckdb, path: target/dev.duckdb, schema: main, threads: 4 }
 */
import { StrataError, formatLocation } from '../errors/strata-error.js';
import type { TargetConfig } from '../adapters/contract.js';
import { closestMatch } from './closest-match.js';
import { coerceThreads } from './env-var.js';
import { renderYamlJinja } from './jinja/render-yaml-jinja.js';
import { variablesFrom, type YamlJinjaScope } from './jinja/yaml-jinja-scope.js';
import { PROFILES_FILE, findProfilesFile } from './profiles-dir.js';
import type { ProfilesDirOptions } from './profiles-dir.js';
import { COMMON_TARGET_KEYS, checkTargetKeys, resolveTargetAliases } from './target-keys.js';
import { loadYamlFile } from './yaml-file.js';
import type { YamlFile } from './yaml-file.js';
import { checkKeys, expectMap, optionalString, requireString } from './yaml-shape.js';

/** Which target to load, and where to look for profiles.yml. */
export interface LoadTargetOptions extends ProfilesDirOptions {
  /** `profile:` from the project file */
  profileName: string;
  /** the project file's name (`project.yml` or `dbt_project.yml`), for messages */
  projectFile?: string;
  /** `--target` from the CLI; else the profile's `target:` */
  targetName?: string;
  /** the flag that named `targetName`, for messages (default `--target`) */
  targetFlag?: string;
  /** `--vars`: the only variables profiles.yml can read, as in dbt */
  vars?: Readonly<Record<string, unknown>>;
}

/** Threads when a target does not say: one, the safe choice for an embedded DuckDB file. */
const DEFAULT_THREADS = 1;
// A top-level `config:` block holds user settings in dbt's profiles.yml; it is not a profile.
const NOT_PROFILES = ['config'];

/**
 * Resolve the target: find profiles.yml, pick the profile and target, render the Jinja
 * (`env_var`, `var` of `--vars`, dbt's `as_*` filters) of that target and of the profile's
 * `target:` only (so a missing production secret does not break `dev`), type
 * the common keys and check every other against the adapter's declared settings.
 * `file` is the absolute path of the profiles.yml read; `warnings` name dbt keys that
 * have no effect.
 */
export function loadTarget(options: LoadTargetOptions): { target: TargetConfig; file: string; warnings: string[] } {
  const { found, searched } = findProfilesFile(options);
  if (!found) throw profilesNotFound(options.profileName, searched);
  const yaml = loadYamlFile(found, options.projectRoot);
  const env = options.env ?? process.env;
  const root = expectMap(yaml, [], yaml.value);
  const scope: YamlJinjaScope = {
    variable: variablesFrom(options.vars ?? {}, `Pass it with --vars '{name: value}' (profiles.yml reads no others)`),
    env,
    site: 'profile',
  };

  const profiles = Object.keys(root).filter((key) => !NOT_PROFILES.includes(key));
  const profileValue = root[options.profileName];
  if (profileValue === undefined || NOT_PROFILES.includes(options.profileName)) {
    const match = closestMatch(options.profileName, profiles);
    throw yaml.error(
      [],
      `Profile "${options.profileName}" not found in ${yaml.file}`,
      [
        match ? `Did you mean "${match}"?` : '',
        `Available profiles: ${profiles.join(', ') || '(none)'}.`,
        `The profile name comes from "profile:" in ${options.projectFile ?? 'project.yml'}.`,
      ]
        .filter(Boolean)
        .join(' '),
    );
  }
  const profilePath = [options.profileName];
  const profile = expectMap(yaml, profilePath, profileValue);
  checkKeys(yaml, profilePath, profile, ['target', 'outputs'], `profile "${options.profileName}"`);
  const outputs = expectMap(yaml, [...profilePath, 'outputs'], profile.outputs);
  const available = Object.keys(outputs);
  if (available.length === 0) {
    throw yaml.error(
      profilePath,
      `Profile "${options.profileName}" has no outputs`,
      'Add an "outputs:" map with at least one target, e.g. dev: { type: duckdb, path: target/dev.duckdb }.',
    );
  }

  const targetName = chooseTargetName(yaml, options, profile, available, scope);
  const flag = options.targetFlag ?? '--target';
  const targetPath = [...profilePath, 'outputs', targetName];
  if (outputs[targetName] === undefined) {
    const match = closestMatch(targetName, available);
    const where = options.targetName === undefined ? [...profilePath, 'target'] : [...profilePath, 'outputs'];
    throw yaml.error(
      where,
      `Target "${targetName}" not found in profile "${options.profileName}"`,
      [
        match ? `Did you mean "${match}"?` : '',
        `Available targets: ${available.join(', ')}.`,
        options.targetName === undefined
          ? `Set "target:" of the profile to one of them, or add a "${targetName}" output under "outputs:".`
          : `Pass one of them to ${flag}, or add a "${targetName}" output under "outputs:".`,
      ]
        .filter(Boolean)
        .join(' '),
    );
  }
  const output = expectMap(
    yaml,
    targetPath,
    renderYamlJinja(yaml, scope, { value: outputs[targetName], path: targetPath }),
  );
  // keys first: `schem:` is better reported as a typo than as a missing schema
  const warnings = checkTargetKeys(yaml, targetPath, output, options.projectRoot);
  // dbt's user settings block (send_anonymous_usage_stats, use_colors...): dbt 1.8 moved them to flags
  if (root.config !== undefined) {
    warnings.unshift(
      `${formatLocation(yaml.at(['config']))}: "config" in ${yaml.file} holds dbt's user settings, ` +
        'which Strata does not act on; it has no effect.',
    );
  }
  return { target: readTarget(yaml, targetPath, targetName, resolveTargetAliases(output)), file: found, warnings };
}

function chooseTargetName(
  yaml: YamlFile,
  options: LoadTargetOptions,
  profile: Record<string, unknown>,
  available: string[],
  scope: YamlJinjaScope,
): string {
  if (options.targetName) return options.targetName;
  const targetPath = [options.profileName, 'target'];
  const written = optionalString(
    yaml,
    targetPath,
    renderYamlJinja(yaml, scope, { value: profile.target, path: targetPath }),
  );
  if (written) return written;
  // One output is unambiguous; with several, guessing could run against production.
  if (available.length === 1 && available[0] !== undefined) return available[0];
  throw yaml.error(
    [options.profileName],
    `Profile "${options.profileName}" does not say which target to use`,
    `Add "target: ${available[0] ?? 'dev'}" to the profile, or pass --target (one of: ${available.join(', ')}).`,
  );
}

function readTarget(yaml: YamlFile, path: string[], name: string, output: Record<string, unknown>): TargetConfig {
  const typeHint = `Add "type: duckdb" (or athena, redshift, snowflake) to target "${name}".`;
  const type = requireString(yaml, [...path, 'type'], output.type, typeHint)
    .trim()
    .toLowerCase();
  const schema = optionalString(yaml, [...path, 'schema'], output.schema) ?? (type === 'duckdb' ? 'main' : undefined);
  if (!schema) {
    const hint = `Add "schema: <the schema models are built in>" to target "${name}".`;
    throw yaml.error(path, `Target "${name}" has no schema`, hint);
  }
  const threads =
    output.threads === undefined || output.threads === null
      ? DEFAULT_THREADS
      : coerceThreads(output.threads, yaml, [...path, 'threads']);
  const settings = Object.fromEntries(Object.entries(output).filter(([key]) => !COMMON_TARGET_KEYS.includes(key)));
  const database = optionalString(yaml, [...path, 'database'], output.database);
  return { name, type, schema, ...(database === undefined ? {} : { database }), threads, settings };
}

function profilesNotFound(profileName: string, searched: string[]): StrataError {
  return new StrataError(`${PROFILES_FILE} not found (looked in: ${searched.join(', ')})`, {
    hint:
      `Create ${PROFILES_FILE} in the project root with a "${profileName}" profile, e.g.\n` +
      `    ${profileName}:\n      target: dev\n      outputs:\n` +
      '        dev: { type: duckdb, path: target/dev.duckdb, schema: main, threads: 4 }\n' +
      '  or pass --profiles-dir <folder>, or set STRATA_PROFILES_DIR (or DBT_PROFILES_DIR).',
  });
}
