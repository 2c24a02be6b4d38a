import type { ProjectConfig } from '../config/types.js';

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
  schema: { roots: (project) => [...project.modelPaths, ...project.seedPaths], extensions: ['.yml', '.yaml'] },
  models: { roots: (project) => project.modelPaths, extensions: ['.sql'] },
  seeds: { roots: (project) => project.seedPaths, extensions: ['.csv'] },
  data_tests: { roots: (project) => project.testPaths, extensions: ['.sql'] },
} satisfies Record<string, ProjectFileKind>;

/** A name of `PROJECT_FILES`. */
export type ProjectFiles = keyof typeof PROJECT_FILES;
