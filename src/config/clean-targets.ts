/**
 * `clean-targets` of the project file: the folders `strata clean` empties. Unset, dbt's
 * default: the target path alone.
 */
import path from 'node:path';
import { StrataError } from '../errors/strata-error.js';
import { interpolateEnvVars, type Environment } from './env-var.js';
import type { ProjectConfig } from './types.js';
import { loadYamlFile } from './yaml-file.js';
import { isYamlMap, stringList } from './yaml-shape.js';

const KEY = 'clean-targets';

/** One folder `strata clean` removes. */
export interface CleanTarget {
  /** as written in the project file */
  written: string;
  absolute: string;
}

/**
 * The folders to remove, checked as dbt checks them: never a folder holding sources (models,
 * seeds, tests, macros, analyses, docs, the lake), never one outside the project unless
 * `outsideProject` allows it.
 *
 * @throws StrataError at the `clean-targets` line for a folder it refuses.
 */
export function cleanTargets(project: ProjectConfig, outsideProject: boolean, env?: Environment): CleanTarget[] {
  const yaml = loadYamlFile(path.join(project.rootDir, project.file), project.rootDir);
  const raw = isYamlMap(yaml.value) ? yaml.value[KEY] : undefined;
  const written =
    raw === undefined || raw === null
      ? [project.targetPath]
      : stringList(yaml, [KEY], interpolateEnvVars(raw, yaml, env, [KEY]));
  const sources = sourceFolders(project);
  return written.map((folder, index) => {
    const absolute = path.resolve(project.rootDir, folder);
    const at = raw === undefined || raw === null ? undefined : yaml.at([KEY, index]);
    const source = sources.find((candidate) => candidate === absolute || isInside(absolute, candidate));
    if (source !== undefined) {
      const held = source === project.rootDir ? 'the project itself' : `${path.relative(project.rootDir, source)}/`;
      throw new StrataError(`strata clean will not remove "${folder}": it is or holds ${held}`, {
        location: at,
        hint: `Remove "${folder}" from ${KEY} in ${project.file}; list only generated folders.`,
      });
    }
    if (!outsideProject && !isInside(project.rootDir, absolute)) {
      throw new StrataError(`strata clean will not remove "${folder}": it is outside the project ${project.rootDir}`, {
        location: at,
        hint: `Keep ${KEY} inside the project, or pass --no-clean-project-files-only to remove it anyway.`,
      });
    }
    return { written: folder, absolute };
  });
}

/** The folders a project's sources live in, and the project root itself. */
function sourceFolders(project: ProjectConfig): string[] {
  const relative = [
    ...project.modelPaths,
    ...project.seedPaths,
    ...project.testPaths,
    ...project.macroPaths,
    ...(project.analysisPaths ?? ['analyses']),
    ...(project.docsPaths ?? []),
    'snapshots',
    project.lakePath,
  ];
  return [project.rootDir, ...relative.map((folder) => path.resolve(project.rootDir, folder))];
}

/** Whether `child` is strictly below `parent`. */
function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
