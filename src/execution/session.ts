import { resolve } from 'node:path';
import type { Dialect, TargetConfig } from '../adapters/contract.js';
import { createDialect } from '../adapters/registry.js';
import { loadTarget } from '../config/profiles.js';
import { loadProject } from '../config/project.js';
import type { ProjectConfig } from '../config/types.js';
import { buildGraph, type DependencyGraph } from '../graph/build-graph.js';
import { assertAcyclic } from '../graph/cycles.js';
import { publicTargetContext } from '../parser/parse-context.js';
import { parseProject, type ParsedProject } from '../parser/parse-project.js';
import { TEMPLATE_CODE_CACHE_FILE, TemplateCodeCache } from '../templating/template-code-cache.js';

export interface SessionOptions {
  projectDir: string;
  profilesDir?: string;
  target?: string;
  /** `--vars`, already parsed */
  vars?: Record<string, unknown>;
  /** `--threads`, overriding the target's */
  threads?: number;
  /** `--target-path`, overriding project.yml's (relative to the project root) */
  targetPath?: string;
}

/** A loaded project: config, target, parsed manifest and its dependency graph. */
export interface Session {
  project: ProjectConfig;
  target: TargetConfig;
  dialect: Dialect;
  parsed: ParsedProject;
  graph: DependencyGraph;
  /** another target of the same profile (`--unit-target`), read from profiles.yml when asked for */
  profileTarget(name: string, flag: string): TargetConfig;
}

/**
 * The project file, and its target loaded once when asked for. The file's Jinja may read
 * `target`: the profile is then loaded while the file is read, else only when asked for.
 */
export function loadProjectAndTarget(options: SessionOptions): {
  project: ProjectConfig;
  loadTarget(): ReturnType<typeof loadTarget>;
} {
  let loaded: ReturnType<typeof loadTarget> | undefined;
  const targetOf = (profileName: string, projectFile?: string) =>
    (loaded ??= loadTarget({
      projectRoot: resolve(options.projectDir),
      profilesDir: options.profilesDir,
      profileName,
      projectFile,
      targetName: options.target,
      vars: options.vars,
    }));
  const project = loadProject(options.projectDir, {
    vars: options.vars,
    target: (profileName) => publicTargetContext(targetOf(profileName).target),
  });
  if (options.targetPath !== undefined) project.targetPath = options.targetPath;
  return { project, loadTarget: () => targetOf(project.profile, project.file) };
}

/** parse -> manifest -> graph: everything before selection, shared by every command. */
export function loadSession(options: SessionOptions): Session {
  const { project, loadTarget: targetOfProject } = loadProjectAndTarget(options);
  const { target, warnings } = targetOfProject();
  if (options.threads !== undefined) target.threads = options.threads;
  const dialect = createDialect(target.type);
  const templateCodeCache = TemplateCodeCache.open(
    resolve(project.rootDir, project.targetPath, TEMPLATE_CODE_CACHE_FILE),
  );
  const parsed = parseProject({
    project,
    target,
    dialect,
    vars: options.vars,
    warnings: [...(project.warnings ?? []), ...warnings],
    templateCodeCache,
  });
  templateCodeCache.save();
  const graph = buildGraph(parsed.manifest);
  assertAcyclic(graph, parsed.manifest);
  const profileTarget = (name: string, flag: string) =>
    loadTarget({
      projectRoot: resolve(options.projectDir),
      profilesDir: options.profilesDir,
      profileName: project.profile,
      projectFile: project.file,
      targetName: name,
      targetFlag: flag,
      vars: options.vars,
    }).target;
  return { project, target, dialect, parsed, graph, profileTarget };
}
