import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { StrataError } from '../errors/strata-error.js';
import { INIT_ADAPTERS, projectSkeleton, type InitAdapter } from './project-skeleton.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `strata init <name>`: a new project in the folder `<parent>/<name>`, which must not exist.
 *
 * @returns the project folder and the files written in it
 * @throws StrataError for a name that is not an identifier, an unknown adapter or an existing folder
 */
export async function initProject(
  parent: string,
  name: string | undefined,
  options: { adapter?: string; skipProfileSetup?: boolean } = {},
): Promise<{ folder: string; files: string[] }> {
  if (name === undefined || !IDENTIFIER.test(name)) {
    throw new StrataError(
      name === undefined ? 'strata init needs a project name' : `"${name}" is not a valid project name`,
      { hint: 'Use letters, digits and underscores, starting with a letter, e.g. strata init shop_analytics' },
    );
  }
  const adapter = options.adapter ?? 'duckdb';
  if (!(INIT_ADAPTERS as readonly string[]).includes(adapter)) {
    throw new StrataError(`--adapter ${adapter}: strata init writes profiles for ${INIT_ADAPTERS.join(', ')}`, {
      hint: 'For example: strata init my_project --adapter duckdb',
    });
  }
  const folder = resolve(parent, name);
  if (existsSync(folder)) {
    throw new StrataError(`${folder} already exists; strata init never writes into an existing folder`, {
      hint: 'Pick another project name, or run strata init from another folder.',
    });
  }
  const files = projectSkeleton(name, adapter as InitAdapter, options.skipProfileSetup !== true);
  for (const [path, text] of files) {
    await mkdir(dirname(join(folder, path)), { recursive: true });
    await writeFile(join(folder, path), text, { flag: 'wx' });
  }
  return { folder, files: [...files.keys()] };
}
