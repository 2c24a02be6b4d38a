/**
 * The folder config (`models:`, `seeds:`, `data_tests:` of the project file) that applies to
 * a file. A file of an installed package takes its package's own dbt_project.yml first, then
 * the root project's, as dbt layers them: the root's top-level keys and its block named after
 * the package (`models: { dbt_utils: { +schema: utils } }`) override the package's.
 */
import { configForPath, mergeRawConfigs } from '../../config/folder-config.js';
import type { RawConfig } from '../../config/types.js';
import { isYamlMap } from '../../config/yaml-shape.js';
import type { ParseContext } from '../parse-context.js';

/** A folder config block of the project file. */
export type FolderBlock = 'models' | 'seeds' | 'snapshots' | 'dataTests';

/** The folder config of a file in the folders `segments` (plus its name) of `ctx.project`. */
export function folderConfigOf(ctx: ParseContext, block: FolderBlock, segments: readonly string[]): RawConfig {
  const { project, rootProject } = ctx;
  const own = configForPath(project[block] ?? {}, project.name, segments);
  if (rootProject === undefined) return own;
  const rootBranch = packageBranch(rootProject[block] ?? {}, project.name);
  return mergeRawConfigs([own, configForPath(rootBranch, project.name, segments)]);
}

/** The root's config keys at the top of a block, and its branch for `packageName`, without its own folders. */
function packageBranch(tree: Record<string, unknown>, packageName: string): Record<string, unknown> {
  const branch = Object.fromEntries(Object.entries(tree).filter(([, value]) => !isYamlMap(value)));
  if (isYamlMap(tree[packageName])) branch[packageName] = tree[packageName];
  return branch;
}
