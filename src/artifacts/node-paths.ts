/**
 * dbt's three paths of a node: `original_file_path` (project-relative file),
 * `path` (relative to its resource folder) and the write path under
 * `target/compiled|run/<project>/`. Always forward slashes, so artifacts are the same
 * on every OS.
 */
import type { ManifestNode } from '../manifest/types.js';
import { packageRelativePath } from '../parser/packages/installed-packages.js';

/** Forward-slash form of a relative path. */
export function toPosixPath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '');
}

/**
 * File the node was declared in (a generic test: its YAML file), relative to its project: a
 * node of an installed package is named from the package's folder, as dbt names it.
 */
export function originalFilePath(node: ManifestNode): string {
  return packageRelativePath(toPosixPath(node.origin.file));
}

/**
 * dbt's `path`: a generic test's is `<alias>.sql`; a source's is its YAML file; others are
 * the fqn folders (the file's folders below its resource path) plus the file name.
 */
export function nodePath(node: ManifestNode): string {
  if (node.resourceType === 'test' && node.testMetadata) return `${node.config.alias ?? node.name}.sql`;
  const file = originalFilePath(node);
  if (node.resourceType === 'source') return file;
  // a unit test's is its YAML file below the model path, as dbt's
  if (node.resourceType === 'unit_test') return file.slice(file.indexOf('/') + 1);
  const folders = node.fqn.slice(1, -1);
  return [...folders, file.slice(file.lastIndexOf('/') + 1)].join('/');
}

/**
 * Where compiled/run SQL goes below `target/<compiled|run>/<project>/`: the original file
 * path, plus `/<path>` when the node does not have a file of its own (generic tests
 * live in YAML), as dbt's `get_target_write_path` does.
 */
export function targetWritePath(node: ManifestNode): string {
  const file = originalFilePath(node);
  if (node.resourceType === 'unit_test') return `${file}/models/${node.name}.sql`;
  const path = nodePath(node);
  const base = (text: string): string => text.slice(text.lastIndexOf('/') + 1);
  return base(file) === base(path) ? file : `${file}/${path}`;
}
