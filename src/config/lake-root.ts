/**
 * The local lake root (`lake-path` in project.yml, default `lake`): the one folder lake
 * tables write into. It may lie outside the project (a shared disk), but never holds the
 * project itself or one of its folders, so no lake table can ever reach them.
 */
import path from 'node:path';
import type { ProjectConfig } from './types.js';
import { localLocationKey, overlaps } from './location-keys.js';

/** The absolute lake root of a project. */
export function lakeRootDir(project: Pick<ProjectConfig, 'rootDir' | 'lakePath'>): string {
  return path.resolve(project.rootDir, project.lakePath);
}

/**
 * Why `lakePath` cannot be the lake root of the project at `rootDir` (whose own folders
 * are `projectFolders`, project-relative), or undefined when it can.
 */
export function checkLakeRoot(
  rootDir: string,
  lakePath: string,
  projectFolders: readonly string[],
): string | undefined {
  const lake = localLocationKey(path.resolve(rootDir, lakePath));
  if (localLocationKey(rootDir).startsWith(lake)) return 'would hold the whole project';
  const folder = projectFolders.find((f) => overlaps(lake, localLocationKey(path.resolve(rootDir, f))));
  return folder === undefined ? undefined : `overlaps the project folder ${folder}/`;
}
