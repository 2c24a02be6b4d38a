import type { Dialect, TargetConfig } from '../adapters/contract.js';
import { configKeysFor } from '../config/config-keys.js';
import type { ProjectConfig } from '../config/types.js';
import type { Manifest } from '../manifest/types.js';
import { DbtInvocation } from '../templating/dbt-context/invocation.js';
import { TemplateEnvironment } from '../templating/environment.js';
import type { SqlTemplate } from '../templating/sql-template.js';
import type { TemplateCodeCache } from '../templating/template-code-cache.js';
import { VariableResolver } from '../templating/variables.js';
import { ManifestBuilder, type ParsePhase } from './manifest-builder.js';
import { publicTargetContext, type ParseContext } from './parse-context.js';
import { addAnalyses } from './phases/analyses.js';
import { eachProject } from './phases/each-project.js';
import { addDocs } from './phases/docs.js';
import { addExposures } from './phases/exposures.js';
import { validateLakeLocations } from './phases/lake-locations.js';
import { linkNodes } from './phases/link.js';
import { addMacros } from './phases/macros.js';
import { addModels } from './phases/models.js';
import { addRunHooks } from './phases/run-hooks.js';
import { loadPackages } from './phases/packages.js';
import { projectVars } from './packages/package-vars.js';
import { checkProjectConfigKeys, warnUnmatchedFolders } from './phases/project-folders.js';
import { warnPythonModels } from './phases/python-models.js';
import { claimRelations } from './phases/relations.js';
import { readSchemaFiles } from './phases/schema-files.js';
import { addSchemaTests } from './phases/schema-tests.js';
import { addSeeds } from './phases/seeds.js';
import { addSingularTests } from './phases/singular-tests.js';
import { addSnapshots } from './phases/snapshots.js';
import { addSources } from './phases/sources.js';
import { addUnitTests } from './phases/unit-tests.js';

/** A parsed project: the manifest plus what compile needs to render its SQL. */
export interface ParsedProject {
  context: ParseContext;
  manifest: Manifest;
  /** compiled templates of models, singular tests and analyses, by unique id */
  templates: Map<string, SqlTemplate>;
  /** things worth telling the user that do not stop the run */
  warnings: string[];
  /** the context of each installed package by name: its nodes render with its vars */
  packageContexts?: Map<string, ParseContext>;
}

export interface ParseOptions {
  project: ProjectConfig;
  target: TargetConfig;
  dialect: Dialect;
  /** `--vars`, overriding project.yml's vars */
  vars?: Record<string, unknown>;
  /** warnings found before parsing (profiles.yml), reported with the parse's own */
  warnings?: string[];
  /** compiled templates' code kept from earlier commands, and kept for later ones */
  templateCodeCache?: TemplateCodeCache;
}

/**
 * The parse, in order. Each phase builds on the ones before it: macros before the templates
 * that call them, schema YAML before the files it describes, every node before linking.
 * A new node kind (snapshots, analyses...) is one more phase here; see CONTEXT.md.
 */
export const PARSE_PHASES: readonly ParsePhase[] = [
  checkProjectConfigKeys,
  loadPackages,
  eachProject(addMacros),
  eachProject(readSchemaFiles),
  eachProject(addDocs),
  eachProject(addModels),
  eachProject(warnPythonModels),
  eachProject(addSeeds),
  eachProject(addSnapshots),
  claimRelations,
  eachProject(addSources),
  eachProject(addSchemaTests),
  warnUnmatchedFolders,
  eachProject(addSingularTests),
  eachProject(addAnalyses),
  addRunHooks,
  addUnitTests,
  eachProject(addExposures),
  linkNodes,
  validateLakeLocations,
];

/** Parse every file of the project into a linked manifest, running `phases` in order. */
export function parseProject(options: ParseOptions, phases: readonly ParsePhase[] = PARSE_PHASES): ParsedProject {
  const context = parseContext(options);
  const builder = new ManifestBuilder(context);
  for (const phase of phases) phase(builder);
  const packageContexts = new Map(builder.packages.map((pkg) => [pkg.context.project.name, pkg.context]));
  return {
    context,
    manifest: builder.manifest,
    templates: builder.templates,
    warnings: builder.warnings(),
    packageContexts,
  };
}

function parseContext(options: ParseOptions): ParseContext {
  const { project, target, dialect } = options;
  const templates = new TemplateEnvironment();
  templates.codeCache = options.templateCodeCache;
  templates.macros.setRootProject(project.name);
  templates.macros.setDispatchOrders(project.dispatch ?? []);
  return {
    project,
    cliVars: options.vars ?? {},
    target,
    dialect,
    templates,
    variables: new VariableResolver(projectVars(project, project, options.vars ?? {}, new Set([project.name]))),
    targetContext: publicTargetContext(target, project.profile),
    configKeys: configKeysFor(dialect.capabilities.modelConfigKeys),
    warnings: [...(options.warnings ?? [])],
    invocation: new DbtInvocation(),
  };
}
