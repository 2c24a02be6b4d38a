/**
 * project.yml's folder config blocks (`models:`, `seeds:`, `data_tests:`): keys with no
 * effect, and folders no file is under, are warnings at their line.
 */
import { checkFolderConfigKeys } from '../../config/config-keys.js';
import type { ProjectConfig } from '../../config/types.js';
import { unmatchedFolderWarnings } from '../../config/unmatched-folders.js';
import type { ManifestBuilder } from '../manifest-builder.js';
import { EXPOSURE_BLOCK_KEYS, SOURCE_BLOCK_KEYS, UNIT_TEST_BLOCK_KEYS } from '../project-resource-config.js';

const BLOCKS = ['models', 'seeds', 'snapshots', 'data_tests'] as const;

/** Phase: the config keys of the folder blocks, checked before any file is read. */
export function checkProjectConfigKeys(builder: ManifestBuilder): void {
  const { project, configKeys } = builder.context;
  const trees = folderTrees(project);
  builder.warn(...BLOCKS.flatMap((key) => checkFolderConfigKeys(trees[key], configKeys, [key], locator(project))));
  // dbt's resource-path blocks of unit tests and sources (parser/project-resource-config.ts)
  builder.warn(
    ...checkFolderConfigKeys(project.unitTests ?? {}, UNIT_TEST_BLOCK_KEYS, ['unit_tests'], locator(project)),
  );
  builder.warn(...checkFolderConfigKeys(project.sources ?? {}, SOURCE_BLOCK_KEYS, ['sources'], locator(project)));
  builder.warn(...checkFolderConfigKeys(project.exposures ?? {}, EXPOSURE_BLOCK_KEYS, ['exposures'], locator(project)));
}

/** Phase: folder blocks that no model, seed or singular test file is under. */
export function warnUnmatchedFolders(builder: ManifestBuilder): void {
  const { project } = builder.context;
  const trees = folderTrees(project);
  for (const key of BLOCKS) {
    const paths = builder.files(key).map((file) => [...file.folders, file.stem]);
    const packages = new Set(builder.packages.map((pkg) => pkg.context.project.name));
    builder.warn(...unmatchedFolderWarnings(trees[key], project.name, paths, key, locator(project), packages));
  }
}

function folderTrees(project: ProjectConfig) {
  return {
    models: project.models,
    seeds: project.seeds,
    snapshots: project.snapshots ?? {},
    data_tests: project.dataTests,
  };
}

/** The line of a folder block's key in project.yml, when known. */
function locator(project: ProjectConfig) {
  return (path: readonly string[]) => project.at?.(path) ?? { file: project.file };
}
