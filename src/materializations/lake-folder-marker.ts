/**
 * The marker a lake table leaves in every folder it writes: `_strata_table.json`, naming
 * the model and the build. Strata replaces or deletes a folder only when it carries the
 * marker of the model being built (or is empty), so a location that names someone
 * else's data fails the build and leaves that data alone. The name starts with `_` and is
 * not Parquet: DuckDB's `*.parquet` globs, Hive, Spark, Trino and Athena skip it.
 */
import { lstat, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { StrataError } from '../errors/strata-error.js';

/** The marker's file name inside a lake table's folder. */
export const LAKE_MARKER_FILE = '_strata_table.json';

/** Who wrote a folder: the model's unique id and the build that wrote it. */
export interface LakeFolderOwner {
  model: string;
  build: string;
}

/** Mark `directory` (which exists) as written by `owner`. */
export async function markLakeFolder(directory: string, owner: LakeFolderOwner): Promise<void> {
  const marker = { written_by: 'strata', model: owner.model, build: owner.build, written_at: new Date().toISOString() };
  await writeFile(path.join(directory, LAKE_MARKER_FILE), `${JSON.stringify(marker, null, 2)}\n`);
}

/**
 * Whether Strata may replace or delete `directory` for `model`: true when it is this
 * model's (its marker, or empty), false when there is nothing there; otherwise a
 * StrataError saying whose it is and how to go on. `shown` names the folder in messages.
 */
export async function ownsLakeFolder(directory: string, model: string, shown: string): Promise<boolean> {
  const stat = await lstat(directory).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!stat) return false;
  if (stat.isSymbolicLink()) throw refused(shown, model, 'is a symbolic link');
  if (!stat.isDirectory()) throw refused(shown, model, 'is a file, not a folder');
  const owner = await readMarker(directory);
  if (owner === model) return true;
  if (owner === null) throw refused(shown, model, `has a ${LAKE_MARKER_FILE} Strata cannot read`);
  if (owner !== undefined) throw refused(shown, model, `belongs to ${owner}`);
  if ((await readdir(directory)).length === 0) return true;
  throw refused(shown, model, `has no ${LAKE_MARKER_FILE} marker, so Strata did not write it`);
}

/** The model named by the folder's marker; undefined without one, null when it cannot be read. */
async function readMarker(directory: string): Promise<string | undefined | null> {
  let text: string;
  try {
    text = await readFile(path.join(directory, LAKE_MARKER_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as { model?: unknown };
    if (typeof parsed.model === 'string' && parsed.model !== '') return parsed.model;
  } catch {
    // not JSON: the same as a marker without a model
  }
  return null;
}

function refused(shown: string, model: string, why: string): StrataError {
  return new StrataError(`Refusing to replace ${shown} for ${model}: the folder ${why}. Nothing was changed.`, {
    hint:
      `Give the model a location of its own, or, if ${shown} holds only this model's old files, ` +
      'move it away yourself and run again.',
  });
}
