/**
 * dbt's three paths of a node: `original_file_path` (project-relative file),
 * `path` (relative to its resource folder) and the write path under
 * `target/compiled|run/<project>/`. Always forward slashes, so artifacts are the same
 * on every OS.
 */
import type { ManifestNode, Origin } from '../manifest/types.js';

/** Forward-slash form of a relative path. */
export function toPosixPath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '');
}

/**
 * The file of `origin` relative to its own project: a file of an installed package is named
 * from the package's folder (`models/m.sql`, not `dbt_packages/x/models/m.sql`), as dbt names it.
 */
export function projectRelativeFile(origin: Origin): string {
  const file = toPosixPath(origin.file);
  const root = origin.packageRoot;
  return root !== undefined && file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file;
}

/** File the node was declared in (a generic test: its YAML file), relative to its project. */
export function originalFilePath(node: ManifestNode): string {
  return projectRelativeFile(node.origin);
}

/**
 * dbt's `path`: a generic test's is `<alias>.sql`; a source's is its YAML file; others are
 * the fqn folders (the file's folders below its resource path) plus the file name.
 */
export function nodePath(node: ManifestNode): string {
  if (node.resourceType === 'test' && node.testMetadata) return `${node.config.alias ?? node.name}.sql`;
  const file = originalFilePath(node);
  if (node.resourceType === 'source') return file;
  // a unit test's or exposure's is its YAML file below the model path, as dbt's
  if (node.resourceType === 'unit_test' || node.resourceType === 'exposure') return file.slice(file.indexOf('/') + 1);
  const fileName = file.slice(file.lastIndexOf('/') + 1);
  // a snapshot's fqn holds its file's stem; a YAML snapshot is a file of its own below its YAML file
  if (node.resourceType === 'snapshot' && !file.endsWith('.sql'))
    return [...node.fqn.slice(1, -1), fileName, `${node.name}.sql`].join('/');
  const folders = node.fqn.slice(1, node.resourceType === 'snapshot' ? -2 : -1);
  return [...folders, fileName].join('/');
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
