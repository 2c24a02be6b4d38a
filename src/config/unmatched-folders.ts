/**
 * dbt's "configuration paths that do not apply to any resources": a folder block in
 * project.yml that no file is under (a typo such as `stagin:`, a folder since renamed) would
 * configure nothing, so its `+schema` or `+materialized` would be lost without a word.
 */
import { formatLocation } from '../errors/strata-error.js';
import type { SourceLocation } from '../errors/strata-error.js';
import { closestMatch } from './closest-match.js';
import { isYamlMap } from './yaml-shape.js';

const KINDS: Record<string, string> = { models: 'model', seeds: 'seed', data_tests: 'test' };

/**
 * One warning per block of `tree` (project.yml's `models:`, `seeds:` or `data_tests:`,
 * read as `configForPath` reads it) that matches no file: `files` are the folders and
 * name of every file of that kind (`['staging', 'stg_orders']`). `root` is the tree's key
 * in project.yml; `locate` takes the path of a key. A block named after an installed package
 * (`packages`) configures that package's files, which are checked against nothing here.
 */
export function unmatchedFolderWarnings(
  tree: Record<string, unknown>,
  projectName: string,
  files: ReadonlyArray<readonly string[]>,
  root: string,
  locate: (path: readonly string[]) => SourceLocation,
  packages: ReadonlySet<string> = new Set(),
): string[] {
  const paths = new Set(
    files.flatMap((segments) => segments.map((_, index) => segments.slice(0, index + 1).join('/'))),
  );
  const warnings: string[] = [];
  const walk = (level: Record<string, unknown>, segments: readonly string[], yamlPath: readonly string[]): void => {
    for (const [key, value] of Object.entries(level)) {
      if (key.startsWith('+') || !isYamlMap(value)) continue;
      const here = [...segments, key];
      if (paths.has(here.join('/'))) {
        walk(value, here, [...yamlPath, key]);
        continue;
      }
      const siblings = [...paths]
        .filter(
          (path) => path.split('/').length === here.length && path.startsWith(segments.map((s) => `${s}/`).join('')),
        )
        .map((path) => path.split('/').pop() ?? '');
      const match = closestMatch(key, siblings);
      const written = [...yamlPath, key].join('.');
      warnings.push(
        `${formatLocation(locate([...yamlPath, key]))}: "${written}" in ${locate([root]).file} ` +
          `matches no ${KINDS[root] ?? root} file or folder; its config applies to nothing.` +
          (match ? ` Did you mean "${match}"?` : ''),
      );
    }
  };
  const projectLevel = tree[projectName];
  if (!isYamlMap(projectLevel)) {
    walk(Object.fromEntries(Object.entries(tree).filter(([key]) => !packages.has(key))), [], [root]);
    return warnings;
  }
  walk(projectLevel, [], [root, projectName]);
  // Beside the project's own level, a block can only name an installed package.
  for (const [key, value] of Object.entries(tree)) {
    if (key === projectName || packages.has(key) || key.startsWith('+') || !isYamlMap(value)) continue;
    warnings.push(
      `${formatLocation(locate([root, key]))}: "${root}.${key}" in ${locate([root]).file} ` +
        `names no project (this one is "${projectName}"); its config applies to nothing.`,
    );
  }
  return warnings;
}
