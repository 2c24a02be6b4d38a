import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** A project file found on disk. */
export interface DiscoveredFile {
  /** absolute path */
  path: string;
  /** project-relative path with forward slashes, for messages and artifacts */
  file: string;
  /** folders between the search root and the file, e.g. ['staging'] */
  folders: string[];
  /** file name without extension */
  stem: string;
}

/**
 * Every file under `roots` (project-relative folders) whose name ends with one of
 * `extensions`, in a stable order. Missing folders are simply empty.
 */
export function discoverFiles(projectRoot: string, roots: string[], extensions: string[]): DiscoveredFile[] {
  const found: DiscoveredFile[] = [];
  for (const root of roots) {
    const absoluteRoot = join(projectRoot, root);
    walk(absoluteRoot, [], (path, folders, name) => {
      const extension = extensions.find((candidate) => name.endsWith(candidate));
      if (!extension) return;
      found.push({
        path,
        file: relative(projectRoot, path).split(sep).join('/'),
        folders,
        stem: name.slice(0, -extension.length),
      });
    });
  }
  return found.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

function walk(dir: string, folders: string[], visit: (path: string, folders: string[], name: string) => void): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, [...folders, entry.name], visit);
    else if (entry.isFile()) visit(path, folders, entry.name);
  }
}
