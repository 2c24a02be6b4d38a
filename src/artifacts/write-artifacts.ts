/**
 * Writing artifacts under the target folder. JSON artifacts are written beside their
 * final name and renamed into place, so a reader (docs server, CI step, `--state`) never
 * sees a half-written file, even when a run is interrupted. Every text written here has
 * the values of secret environment variables masked.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { scrubSecretValues } from '../config/secret-env.js';
import { fileSystemError } from '../errors/file-system-error.js';
import type { ManifestNode } from '../manifest/types.js';
import { targetWritePath } from './node-paths.js';

/** Write text to `path` atomically (temp file in the same folder, then rename). */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (error) {
    throw explained(error, dirname(path), 'create the folder');
  }
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, scrubSecretValues(text), 'utf8');
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    // named by the file the user knows, not the temporary one beside it
    throw explained(error, path, 'write');
  }
}

/** Create the target folder (a run checks it before any work, so a file in its way stops nothing half-done). */
export async function ensureTargetFolder(targetDir: string): Promise<void> {
  try {
    await mkdir(targetDir, { recursive: true });
  } catch (error) {
    throw explained(error, targetDir, 'create the folder');
  }
}

/** A file-system failure as a user error naming `path` (see fileSystemError); anything else as it is. */
function explained(error: unknown, path: string, action: string): unknown {
  return fileSystemError(error, { path, action }) ?? error;
}

/**
 * Write JSON atomically. Compact, like dbt's artifacts: the manifest of a big project is
 * tens of MB. Bigints (DuckDB counts) become numbers; the replacer that converts them is
 * slow on big objects, so it is only used when plain serialization meets one.
 */
export async function writeJsonAtomic(path: string, data: unknown): Promise<void> {
  let text: string;
  try {
    text = JSON.stringify(data);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    text = JSON.stringify(data, (_key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value));
  }
  await writeFileAtomic(path, `${text}\n`);
}

/** `<targetDir>/manifest.json`; returns the path written. */
export async function writeManifest(targetDir: string, manifestJson: Record<string, unknown>): Promise<string> {
  const path = join(targetDir, 'manifest.json');
  await writeJsonAtomic(path, manifestJson);
  return path;
}

/** `<targetDir>/run_results.json`; returns the path written. */
export async function writeRunResults(targetDir: string, runResultsJson: Record<string, unknown>): Promise<string> {
  const path = join(targetDir, 'run_results.json');
  await writeJsonAtomic(path, runResultsJson);
  return path;
}

/**
 * Where a node's compiled SQL goes (`<targetDir>/compiled/<project>/<original_file_path>`,
 * dbt's layout) and the text written there, secrets masked; for writers of many files.
 */
export function compiledSqlFile(targetDir: string, node: ManifestNode, sql: string): { path: string; text: string } {
  return { path: nodeSqlPath(targetDir, 'compiled', node), text: sqlFileText(sql) };
}

function sqlFileText(sql: string): string {
  return scrubSecretValues(sql.endsWith('\n') ? sql : `${sql}\n`);
}

/** Where `writeCompiledSql` puts a node's compiled SQL, for messages pointing at it. */
export function compiledSqlPath(targetDir: string, node: ManifestNode): string {
  return nodeSqlPath(targetDir, 'compiled', node);
}

/** A node's compiled SQL at `<targetDir>/compiled/<project>/<original_file_path>` (dbt's layout). */
export async function writeCompiledSql(targetDir: string, node: ManifestNode, sql: string): Promise<string> {
  return writeNodeSql(targetDir, 'compiled', node, sql);
}

/** The SQL a node ran (DDL included) at `<targetDir>/run/<project>/<original_file_path>`. */
export async function writeRunSql(targetDir: string, node: ManifestNode, sql: string): Promise<string> {
  return writeNodeSql(targetDir, 'run', node, sql);
}

/** Remove a node's `target/run` file, so SQL of an earlier run is not taken for this one's. */
export async function removeRunSql(targetDir: string, node: ManifestNode): Promise<void> {
  await rm(nodeSqlPath(targetDir, 'run', node), { force: true });
}

/** A `..` segment or an absolute start: a path that might lead out of the folder it is put under. */
const MAY_ESCAPE = /(^|[\\/])\.\.([\\/]|$)|^[\\/]|^[a-zA-Z]:/;

function nodeSqlPath(targetDir: string, kind: 'compiled' | 'run', node: ManifestNode): string {
  const root = resolve(targetDir, kind);
  const inProject = `${node.packageName}/${targetWritePath(node)}`;
  // the usual plain path is only joined: resolving and comparing cost a tenth of a big compile
  if (!MAY_ESCAPE.test(inProject)) return join(root, inProject);
  const path = resolve(root, inProject);
  // A path with `..` must not write outside the target folder.
  const inside = relative(root, path);
  if (inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    throw new Error(`Refusing to write ${kind} SQL of ${node.uniqueId} outside ${root}`);
  }
  return path;
}

async function writeNodeSql(
  targetDir: string,
  kind: 'compiled' | 'run',
  node: ManifestNode,
  sql: string,
): Promise<string> {
  const path = nodeSqlPath(targetDir, kind, node);
  // Thousands of small files per run: a plain write into a folder created once is many
  // times cheaper than temp-and-rename, and these files are informational.
  try {
    ensureFolder(dirname(path));
  } catch (error) {
    throw explained(error, dirname(path), 'create the folder');
  }
  const text = sqlFileText(sql);
  // Rewriting an existing file in place costs far more than reading it (ext4 frees and
  // journals its blocks), and most SQL is unchanged from one run to the next.
  try {
    if (readIfExists(path) !== text) writeFileSync(path, text);
  } catch (error) {
    throw explained(error, path, 'write');
  }
  return path;
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

const createdFolders = new Set<string>();

function ensureFolder(folder: string): void {
  if (createdFolders.has(folder)) return;
  mkdirSync(folder, { recursive: true });
  createdFolders.add(folder);
}
