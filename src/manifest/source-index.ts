/**
 * Which declaration `source('a', 'b')` means. A package may declare a source of the same
 * name as the root project or another package; like dbt, a node's `source()` finds the root
 * project's declaration first, then its own package's, then any package's.
 */
import type { Manifest, SourceNode } from './types.js';

/** The key of a source table as `source()` names it. */
function tableKey(sourceName: string, tableName: string): string {
  return `${sourceName}.${tableName}`;
}

function packageKey(packageName: string, sourceName: string, tableName: string): string {
  return `${packageName}/${tableKey(sourceName, tableName)}`;
}

/** The unique id of the source table declared as `sourceName.tableName` by `source`'s package, if any. */
export function declaredInPackage(manifest: Manifest, source: SourceNode): string | undefined {
  return manifest.sourceIndex.get(packageKey(source.packageName, source.sourceName, source.tableName));
}

/** Index a source table under its name (the first declaration) and under its package. */
export function indexSource(manifest: Manifest, source: SourceNode): void {
  const key = tableKey(source.sourceName, source.tableName);
  if (!manifest.sourceIndex.has(key)) manifest.sourceIndex.set(key, source.uniqueId);
  manifest.sourceIndex.set(packageKey(source.packageName, source.sourceName, source.tableName), source.uniqueId);
}

/** The unique id `source(sourceName, tableName)` resolves to in a node of `packageName`. */
export function findSource(
  manifest: Manifest,
  packageName: string,
  sourceName: string,
  tableName: string,
): string | undefined {
  return (
    manifest.sourceIndex.get(packageKey(manifest.projectName, sourceName, tableName)) ??
    manifest.sourceIndex.get(packageKey(packageName, sourceName, tableName)) ??
    manifest.sourceIndex.get(tableKey(sourceName, tableName))
  );
}

/** Every `source.table` name declared, for "did you mean". */
export function sourceNames(manifest: Manifest): string[] {
  return [...manifest.sourceIndex.keys()].filter((key) => !key.includes('/'));
}
