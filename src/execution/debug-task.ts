import { existsSync } from 'node:fs';
import { platform, release, arch } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { TargetConfig } from '../adapters/contract.js';
import { driverVersions } from '../adapters/driver-versions.js';
import { createAdapter } from '../adapters/registry.js';
import { STRATA_VERSION } from '../artifacts/strata-version.js';
import { findProfilesFile, PROFILES_FILE } from '../config/profiles-dir.js';
import { isSecretKey, redactSecrets } from '../config/redact-secrets.js';
import { scrubSecretValues } from '../config/secret-env.js';
import type { ProjectConfig } from '../config/types.js';
import { failureText } from '../errors/user-error.js';
import { Reporter } from './reporter.js';
import { loadProjectAndTarget, type SessionOptions } from './session.js';

/**
 * `strata debug`, as `dbt debug`: versions, the project and profile files found, the
 * target's settings with every secret masked, and a connection test. Each failed check is
 * listed at the end.
 *
 * @returns the number of failed checks (the command exits 1 when there is any)
 */
export async function debugProject(options: SessionOptions, write: (line: string) => void): Promise<number> {
  // secret values of the target are scrubbed from every line, error messages of drivers included
  const secrets: string[] = [];
  const reporter = new Reporter((line) => write(scrubSecretValues(line, secrets)));
  const failures: string[] = [];
  reporter.info(`Running with strata=${STRATA_VERSION}`);
  reporter.info(`strata version: ${STRATA_VERSION}`);
  reporter.info(`node version: ${process.version}`);
  reporter.info(`os info: ${platform()}-${release()}-${arch()}`);

  const projectRoot = resolve(options.projectDir);
  const profiles = findProfilesFile({ projectRoot, profilesDir: options.profilesDir });
  if (profiles.found) {
    reporter.info(`Using profiles dir at ${dirname(profiles.found)}`);
    reporter.info(`Using ${PROFILES_FILE} file at ${profiles.found}`);
  } else {
    reporter.info(`No ${PROFILES_FILE} found; searched ${profiles.searched.join(', ')}`);
  }

  let project: ProjectConfig | undefined;
  let target: TargetConfig | undefined;
  // a profile found is only validated once the project names it
  let profileCheck = profiles.found ? '[OK found]' : '[ERROR not found]';
  const projectFound = ['project.yml', 'dbt_project.yml'].some((file) => existsSync(join(projectRoot, file)));
  let projectCheck = projectFound ? '[ERROR invalid]' : '[ERROR not found]';
  try {
    const loaded = loadProjectAndTarget(options);
    project = loaded.project;
    projectCheck = '[OK found and valid]';
    reporter.info(`Using ${project.file} file at ${join(project.rootDir, project.file)}`);
    if (profiles.found) {
      profileCheck = '[ERROR invalid]';
      target = loaded.loadTarget().target;
      profileCheck = '[OK found and valid]';
    }
  } catch (error) {
    failures.push(failureText(error));
  }
  if (!profiles.found) failures.push(`No ${PROFILES_FILE} found; searched ${profiles.searched.join(', ')}`);
  if (target) {
    secrets.push(...secretValues(target.settings));
    reporter.info(`adapter type: ${target.type}`);
    for (const driver of driverVersions(target.type)) reporter.info(`adapter driver: ${driver.name}=${driver.version}`);
  }
  reporter.info('Configuration:');
  reporter.info(`  ${PROFILES_FILE} file ${profileCheck}`);
  reporter.info(`  ${project?.file ?? 'project.yml'} file ${projectCheck}`);
  reporter.blank();

  if (target) {
    reporter.info('Connection:');
    for (const [key, value] of targetLines(target)) reporter.info(`  ${key}: ${value}`);
    const problem = await connectionProblem(target, project?.rootDir ?? projectRoot);
    reporter.info(`  Connection test: ${problem === undefined ? '[OK connection ok]' : '[ERROR]'}`);
    if (problem !== undefined) failures.push(`Could not connect to target '${target.name}': ${problem}`);
    reporter.blank();
  }

  if (failures.length === 0) {
    reporter.colored('green', 'All checks passed!');
  } else {
    reporter.colored('red', `${failures.length} check${failures.length === 1 ? '' : 's'} failed:`);
    for (const failure of failures) reporter.info(failure);
  }
  return failures.length;
}

/** The target as `key: value` lines, secrets masked by key. */
function targetLines(target: TargetConfig): Array<[string, string]> {
  const shown = redactSecrets({
    target: target.name,
    type: target.type,
    ...(target.database === undefined ? {} : { database: target.database }),
    schema: target.schema,
    threads: target.threads,
    ...target.settings,
  });
  return Object.entries(shown).map(([key, value]) => [
    key,
    typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value),
  ]);
}

/** Every string stored under a secret key, however deep, so that no line can carry one. */
function secretValues(value: unknown, secret = false): string[] {
  if (typeof value === 'string') return secret && value !== '' ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((item) => secretValues(item, secret));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) => secretValues(inner, secret || isSecretKey(key)));
  }
  return [];
}

/** Open a connection and run `select 1`; undefined when it works, else why not. */
async function connectionProblem(target: TargetConfig, projectRoot: string): Promise<string | undefined> {
  try {
    const adapter = await createAdapter(target, projectRoot);
    try {
      const connection = await adapter.connect();
      try {
        await connection.query('select 1 as ok');
      } finally {
        await connection.close();
      }
    } finally {
      await adapter.close();
    }
    return undefined;
  } catch (error) {
    return failureText(error);
  }
}
