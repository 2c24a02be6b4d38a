import { rm } from 'node:fs/promises';
import { cleanTargets } from '../config/clean-targets.js';
import type { Reporter } from './reporter.js';
import { loadProjectAndTarget, type SessionOptions } from './session.js';

/**
 * `strata clean`: remove the project's `clean-targets` (by default the target folder), as
 * `dbt clean` does, printing each folder. A missing folder is not an error.
 *
 * @returns the absolute folders removed
 */
export async function cleanProject(
  options: Pick<SessionOptions, 'projectDir' | 'targetPath'>,
  outsideProject: boolean,
  reporter: Reporter,
): Promise<string[]> {
  const { project } = loadProjectAndTarget(options);
  // every folder is checked before the first is removed
  const targets = cleanTargets(project, outsideProject);
  for (const { absolute } of targets) {
    reporter.info(`Checking ${absolute}/*`);
    await rm(absolute, { recursive: true, force: true });
    reporter.info(`Cleaned ${absolute}/*`);
  }
  reporter.info('Finished cleaning all paths.');
  return targets.map((target) => target.absolute);
}
