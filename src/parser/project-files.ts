import type { ProjectConfig } from '../config/types.js';

/** dbt's default `analysis-paths`. */
const DEFAULT_ANALYSIS_PATHS = ['analyses'];

/** The folders of a project's analyses: `analysis-paths`, or dbt's default `analyses`. */
export function analysisPaths(project: ProjectConfig): string[] {
  return project.analysisPaths ?? DEFAULT_ANALYSIS_PATHS;
}

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
    roots: (project) => [...project.modelPaths, ...project.seedPaths, ...analysisPaths(project)],
    extensions: ['.yml', '.yaml'],
  },
  models: { roots: (project) => project.modelPaths, extensions: ['.sql'] },
  /** Python models, which Strata does not run: found only to say so */
  python_models: { roots: (project) => project.modelPaths, extensions: ['.py'] },
  analyses: { roots: analysisPaths, extensions: ['.sql'] },
  seeds: { roots: (project) => project.seedPaths, extensions: ['.csv'] },
  data_tests: { roots: (project) => project.testPaths, extensions: ['.sql'] },
} satisfies Record<string, ProjectFileKind>;

/** A name of `PROJECT_FILES`. */
export type ProjectFiles = keyof typeof PROJECT_FILES;
