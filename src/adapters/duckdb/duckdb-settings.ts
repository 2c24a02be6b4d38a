import { closeSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, extname, relative, resolve } from 'node:path';
import type { AdapterFactory, TargetConfig, TargetSettingsDeclaration } from '../contract.js';
import { declareSettings, readSettings, targetSettingsError } from '../target-settings.js';

/** The `path` of a database that lives only as long as the run. */
export const IN_MEMORY = ':memory:';

// Every DuckDB database file has these bytes after its 8-byte checksum.
const MAGIC = Buffer.from('DUCK');
const MAGIC_OFFSET = 8;
// Extensions of data and text files: a database path ending in one names the wrong file.
const NOT_DATABASE_EXTENSIONS = new Set([
  '.csv',
  '.tsv',
  '.parquet',
  '.json',
  '.jsonl',
  '.ndjson',
  '.txt',
  '.yml',
  '.yaml',
  '.sql',
  '.md',
  '.xlsx',
  '.sqlite',
  '.sqlite3',
]);
const HINT =
  "Point path at a DuckDB database file (e.g. target/dev.duckdb; it is created when missing), or use ':memory:'.";

/**
 * What is wrong with a `path` setting, or undefined: a folder, a file that is not a
 * DuckDB database (a CSV, a text file, an empty file), or a data file's extension. DuckDB
 * would otherwise refuse late with a bare message, or open a CSV as a read-only view.
 */
export function checkDatabasePath(
  value: unknown,
  context: { projectRoot: string },
): { message: string; hint: string } | undefined {
  if (typeof value !== 'string' || value === IN_MEMORY || /^(md|motherduck):/.test(value)) return undefined;
  if (value.trim() === '') return { message: 'path is empty', hint: HINT };
  try {
    return checkPathOnDisk(value, resolve(context.projectRoot, value), context.projectRoot);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return {
      message: `path ${value} cannot be read (${code})`,
      hint: 'Check that the file and its folders are readable by this user.',
    };
  }
}

function checkPathOnDisk(
  value: string,
  path: string,
  projectRoot: string,
): { message: string; hint: string } | undefined {
  const stat = statIfExists(path);
  if (stat?.isDirectory()) return { message: `path ${value} is a folder, not a DuckDB database file`, hint: HINT };
  if (stat === undefined) {
    const blocker = closestExisting(dirname(path));
    if (blocker !== undefined && !statIfExists(blocker)?.isDirectory()) {
      return {
        message: `path ${value} is below ${relative(projectRoot, blocker) || blocker}, which is a file, not a folder`,
        hint: HINT,
      };
    }
  } else if (!hasDuckDbHeader(path)) {
    const what = stat.size === 0 ? 'an empty file' : 'a file but not a DuckDB database';
    return { message: `path ${value} is ${what}`, hint: HINT };
  }
  const extension = extname(path).toLowerCase();
  if (NOT_DATABASE_EXTENSIONS.has(extension)) {
    return {
      message: `path ${value} names a ${extension} file, not a DuckDB database`,
      hint: `${HINT} To read ${extension} files, use a source or read them in a model.`,
    };
  }
  return undefined;
}

// A path below a file is ENOTDIR, not ENOENT: both mean nothing is there.
function statIfExists(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw error;
  }
}

/** The nearest of `path` and its ancestors that exists. */
function closestExisting(path: string): string | undefined {
  for (let current = path; ; current = dirname(current)) {
    if (statIfExists(current) !== undefined) return current;
    if (dirname(current) === current) return undefined;
  }
}

function hasDuckDbHeader(path: string): boolean {
  const header = Buffer.alloc(MAGIC_OFFSET + MAGIC.length);
  const fd = openSync(path, 'r');
  try {
    const read = readSync(fd, header, 0, header.length, 0);
    return read === header.length && header.subarray(MAGIC_OFFSET).equals(MAGIC);
  } finally {
    closeSync(fd);
  }
}

const SETTINGS = declareSettings([
  {
    name: 'path',
    type: 'string',
    textOnly: true,
    required: false,
    default: IN_MEMORY,
    description: "database file, relative to the project root, or ':memory:'",
    check: checkDatabasePath,
  },
  { name: 'config', type: 'map', required: false, description: 'DuckDB settings, e.g. { memory_limit: 2GB }' },
]);

/** Settings of a `type: duckdb` target. */
export const DUCKDB_SETTINGS: AdapterFactory['settings'] = SETTINGS;

/** A `type: duckdb` target: Strata's settings, and dbt-duckdb's keys Strata does not act on. */
export const DUCKDB_TARGET: TargetSettingsDeclaration = {
  settings: DUCKDB_SETTINGS,
  aliases: { settings: 'config' },
  defaultDatabase: catalogName,
  dbtOnly: {
    config_options: 'config',
    extensions: null,
    attach: null,
    filesystems: null,
    external_root: null,
    use_credential_provider: null,
    plugins: null,
    disable_transactions: null,
    keep_open: null,
    module_paths: null,
    secrets: null,
    retries: null,
  },
};

/** What a DuckDB adapter opens: the database file (absolute) or `:memory:`, and DuckDB's own settings. */
export interface DuckDbOptions {
  path: string;
  /** DuckDB settings (memory_limit, threads...), passed through as text */
  config?: Record<string, string>;
}

/** Read and check a target's DuckDB settings; a mistake is a StrataError naming the setting. */
export function readDuckDbOptions(target: TargetConfig, projectRoot: string): DuckDbOptions {
  // Unset means in memory: an env_var() that rendered to nothing must not quietly mean that too.
  if (target.settings.path === '')
    throw targetSettingsError(target, undefined, `path must be a file path or ':memory:'.`);
  const { path, config } = readSettings(target, SETTINGS, { projectRoot });
  return {
    path: path === IN_MEMORY ? IN_MEMORY : resolve(projectRoot, path),
    config: config && Object.fromEntries(Object.entries(config).map(([key, value]) => [key, String(value)])),
  };
}

/** The catalog DuckDB names a database after: the file's stem, or `memory` (as dbt-duckdb reports it). */
function catalogName(target: TargetConfig): string {
  const path = target.settings.path;
  if (typeof path !== 'string' || path === IN_MEMORY || path.trim() === '') return 'memory';
  const file = basename(path);
  return file.slice(0, file.length - extname(file).length) || file;
}
