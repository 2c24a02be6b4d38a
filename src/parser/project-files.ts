import type { ProjectConfig } from '../config/types.js';

/** dbt's default `analysis-paths`. */
const DEFAULT_ANALYSIS_PATHS = ['analyses'];

/** The folders of a project's analyses: `analysis-paths`, or dbt's default `analyses`. */
export function analysisPaths(project: ProjectConfig): string[] {
  return project.analysisPaths ?? DEFAULT_ANALYSIS_PATHS;
}

/** dbt's default `snapshot-paths`. */
const DEFAULT_SNAPSHOT_PATHS = ['snapshots'];

/** The folders of a project's snapshots: `snapshot-paths`, or dbt's default `snapshots`. */
export function snapshotPaths(project: ProjectConfig): string[] {
  return project.snapshotPaths ?? DEFAULT_SNAPSHOT_PATHS;
}

/** dbt's folder of generic tests inside each test path: its files hold `{% test %}` blocks, not singular tests. */
export const GENERIC_TEST_FOLDER = 'generic';

/** dbt's folder of unit test fixtures inside each test path: `fixture: name` reads `name.csv` or `name.sql` there. */
export const FIXTURE_FOLDER = 'fixtures';

/** Where one kind of project file is found: folders from project.yml, and file name endings. */
export interface ProjectFileKind {
  roots(project: ProjectConfig): string[];
  extensions: string[];
}

/**
 * The kinds of files a project is made of. `models`, `seeds` and `data_tests` are named
 * like project.yml's folder config blocks, whose folders are checked against these files.
 */
export const PROJECT_FILES = {
  macros: { roots: (project) => project.macroPaths, extensions: ['.sql'] },
  schema: {
    roots: (project) => [
      ...project.modelPaths,
      ...project.seedPaths,
      ...analysisPaths(project),
      ...snapshotPaths(project),
    ],
    extensions: ['.yml', '.yaml'],
  },
  models: { roots: (project) => project.modelPaths, extensions: ['.sql'] },
  /** Python models, which Strata does not run: found only to say so */
  python_models: { roots: (project) => project.modelPaths, extensions: ['.py'] },
  analyses: { roots: analysisPaths, extensions: ['.sql'] },
  /** `{% snapshot %}` blocks */
  snapshots: { roots: snapshotPaths, extensions: ['.sql'] },
  seeds: { roots: (project) => project.seedPaths, extensions: ['.csv'] },
  /** `{% docs %}` blocks: `docs-paths`, else the model paths (found in the models' walk) */
  docs: { roots: (project) => project.docsPaths ?? project.modelPaths, extensions: ['.md'] },
  /** singular tests, and (under `<test path>/generic`) generic test definitions, read as macro files */
  data_tests: { roots: (project) => project.testPaths, extensions: ['.sql'] },
  generic_tests: {
    roots: (project) => project.testPaths.map((folder) => `${folder}/${GENERIC_TEST_FOLDER}`),
    extensions: ['.sql'],
  },
} satisfies Record<string, ProjectFileKind>;

/** A name of `PROJECT_FILES`. */
export type ProjectFiles = keyof typeof PROJECT_FILES;
