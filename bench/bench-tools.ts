/**
 * The two tools a side-by-side benchmark runs: the Strata CLI from this checkout, and
 * dbt-core with dbt-duckdb from PyPI in a virtualenv of its own under the service cache.
 */
import { join, resolve } from 'node:path';
import { serviceCacheDir } from '../tests/services/lifecycle/cache-dir.js';
import { ensurePythonPackages } from '../tests/services/lifecycle/python-venv.js';
import { runCommand } from '../tests/services/lifecycle/run-command.js';
import type { CommandSpec } from './measure-process.js';

/**
 * dbt-core 1.12 needs a parser wheel that its build downloads from GitHub (no internet
 * here), so 1.11 is the newest that installs. DuckDB is pinned to the library version the
 * Strata CLI embeds, so both tools drive the same engine and write files either can read.
 */
export const DBT_PACKAGES = ['dbt-core==1.11.16', 'dbt-duckdb==1.11.1', 'duckdb==1.5.6'] as const;

/** A tool that can run a project command in a project folder. */
export interface BenchTool {
  name: 'strata' | 'dbt';
  /** e.g. `Strata 0.1.0`, `dbt-core 1.11.16 (dbt-duckdb 1.11.1)` */
  label: string;
  command(args: string[], cwd: string): CommandSpec;
}

const STRATA_BIN = resolve(import.meta.dirname, '../../bin/strata.js');

/** The Strata CLI of this checkout (built into dist/), on the same Node as the bench. */
export async function strataTool(): Promise<BenchTool> {
  const version = (await runCommand(process.execPath, [STRATA_BIN, '--version'])).trim();
  return {
    name: 'strata',
    label: `Strata ${version}`,
    command: (args, cwd) => ({
      file: process.execPath,
      args: [STRATA_BIN, ...args],
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
    }),
  };
}

/**
 * dbt in `<cache>/dbt/venv`, installed on first use. Not the shared service virtualenv:
 * dbt-duckdb and the Snowflake stand-in each pin their own DuckDB.
 */
export async function dbtTool(log: (line: string) => void): Promise<BenchTool> {
  const bin = await ensurePythonPackages(join(serviceCacheDir(), 'dbt'), DBT_PACKAGES, log);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // no network here: a usage ping or a version lookup would only add timeouts
    DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
    DBT_VERSION_CHECK: 'false',
    NO_COLOR: '1',
  };
  const versions = await runCommand(join(bin, 'python'), [
    '-c',
    "import importlib.metadata as m; print(' '.join(m.version(p) for p in ('dbt-core', 'dbt-duckdb', 'duckdb')))",
  ]);
  const [core, duckdbAdapter, duckdb] = versions.trim().split(' ');
  return {
    name: 'dbt',
    label: `dbt-core ${core} (dbt-duckdb ${duckdbAdapter}, duckdb ${duckdb})`,
    command: (args, cwd) => ({ file: join(bin, 'dbt'), args: [...args, '--profiles-dir', '.'], cwd, env }),
  };
}
