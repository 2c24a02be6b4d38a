import type { SourceLocation } from '../errors/strata-error.js';
import type { DispatchEntry } from './dispatch-config.js';

/** The project file (project.yml or dbt_project.yml), resolved. Paths are absolute unless noted. */
export interface ProjectConfig {
  name: string;
  version: string;
  /** the profile in profiles.yml this project uses */
  profile: string;
  /** absolute project root (the folder holding project.yml) */
  rootDir: string;
  /** the project file read, `project.yml` or `dbt_project.yml`, for messages */
  file: string;
  /** project-relative folders */
  modelPaths: string[];
  seedPaths: string[];
  /** folders of singular data tests (SQL files) */
  testPaths: string[];
  macroPaths: string[];
  /** `analysis-paths`, project-relative; unset means `['analyses']` (see `analysisPaths()` in parser/) */
  analysisPaths?: string[];
  /** `snapshot-paths`, project-relative; unset means `['snapshots']` (see `snapshotPaths()` in parser/) */
  snapshotPaths?: string[];
  /** `docs-paths`, project-relative: where `.md` files with docs blocks are; unset means the model paths */
  docsPaths?: string[];
  /** project-relative output folder, default `target` */
  targetPath: string;
  /** the local lake root, project-relative (default `lake`): lake tables write only below it */
  lakePath: string;
  /** `packages-install-path`, project-relative unless written absolute (default `dbt_packages`) */
  packagesInstallPath: string;
  /**
   * Set on an installed package's project only: its folder relative to the root project
   * (`dbt_packages/money_utils`), which its files' paths are rebased below.
   */
  packageRoot?: string;
  vars: Record<string, unknown>;
  /**
   * dbt-like folder config trees from project.yml's `models:`, `seeds:`, `snapshots:` and `data_tests:` blocks,
   * as written (keys may carry a leading `+`). Read through `configForPath`.
   */
  models: Record<string, unknown>;
  seeds: Record<string, unknown>;
  /** the `snapshots:` folder config block (unset: none) */
  snapshots?: Record<string, unknown>;
  /** dbt's `unit_tests:`, `sources:` and `exposures:` blocks, by resource path (parser/project-resource-config.ts) */
  unitTests?: Record<string, unknown>;
  sources?: Record<string, unknown>;
  exposures?: Record<string, unknown>;
  dataTests: Record<string, unknown>;
  /** `on-run-start` / `on-run-end`: Jinja SQL run before and after run, build, seed, snapshot and test */
  onRunStart?: string[];
  onRunEnd?: string[];
  /** `dispatch:`: the packages `adapter.dispatch` searches per macro namespace */
  dispatch?: DispatchEntry[];
  /** file and line of a key of project.yml, e.g. `['models', 'staging', '+schema']`, for messages */
  at?: (path: ReadonlyArray<string | number>) => SourceLocation;
  /** one message per dbt key of the project file that has no effect in Strata, with its line */
  warnings?: string[];
}

/** Raw config keys as a user writes them (snake_case, e.g. `unique_key`). */
export type RawConfig = Record<string, unknown>;
