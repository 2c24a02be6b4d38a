import { readdirSync, type Dirent } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileSystemError } from '../errors/file-system-error.js';
import { StrataError } from '../errors/strata-error.js';

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
 * `extensions`, in a stable order. Missing folders are simply empty; a root that is a
 * file, or a folder that cannot be read, is an error (skipping it would build a project
 * without its models and report success).
 */
export function discoverFiles(projectRoot: string, roots: string[], extensions: string[]): DiscoveredFile[] {
  const found: DiscoveredFile[] = [];
  for (const root of roots) {
    const absoluteRoot = join(projectRoot, root);
    walk(projectRoot, absoluteRoot, [], (path, folders, name) => {
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

function walk(
  projectRoot: string,
  dir: string,
  folders: string[],
  visit: (path: string, folders: string[], name: string) => void,
): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw unreadableFolder(projectRoot, dir, folders.length === 0, error);
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(projectRoot, path, [...folders, entry.name], visit);
    else if (entry.isFile()) visit(path, folders, entry.name);
  }
}

function unreadableFolder(projectRoot: string, dir: string, isRoot: boolean, error: unknown): Error {
  const shown = relative(projectRoot, dir).split(sep).join('/') || '.';
  if (isRoot && (error as NodeJS.ErrnoException).code === 'ENOTDIR') {
    return new StrataError(`The project folder '${shown}' is a file, not a folder`, {
      hint:
        `Point model-paths, seed-paths, test-paths or macro-paths in project.yml (whichever names '${shown}') ` +
        'at a folder, or move the file away.',
    });
  }
  return fileSystemError(error, { path: shown, action: 'read the folder' }) ?? (error as Error);
}
