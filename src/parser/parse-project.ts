import { posix } from 'node:path';
import type { Dialect, TargetConfig } from '../adapters/contract.js';
import { closestMatch } from '../config/closest-match.js';
import { checkFolderConfigKeys, configKeysFor, type ConfigKeys } from '../config/config-keys.js';
import type { ProjectConfig } from '../config/types.js';
import { StrataError } from '../errors/strata-error.js';
import type { Manifest, ModelNode, SeedNode, SourceNode, TestNode } from '../manifest/types.js';
import { TemplateEnvironment } from '../templating/environment.js';
import type { SqlTemplate } from '../templating/sql-template.js';
import { VariableResolver } from '../templating/variables.js';
import { unmatchedFolderWarnings } from '../config/unmatched-folders.js';
import { discoverFiles, type DiscoveredFile } from './discover.js';
import { disabledNode, type DisabledNode } from './disabled-nodes.js';
import { linkManifest } from './link.js';
import {
  MacroNames,
  NodeNames,
  rejectReservedName,
  rejectSharedRelations,
  rejectSourceOverwrites,
} from './name-collisions.js';
import { publicTargetContext, type ParseContext } from './parse-context.js';
import { parseMacroFile } from './parse-macros.js';
import { parseModel } from './parse-models.js';
import { parseSeed } from './parse-seeds.js';
import { parseSources } from './parse-sources.js';
import { parseGenericTest, parseSingularTest, type TestOwner } from './parse-tests.js';
import { parseSchemaFile } from './schema-yaml.js';
import { validateLocations } from './validate-locations.js';
import type { NodePatch, SchemaFile } from './schema-types.js';

/** A parsed project: the manifest plus what compile needs to render its SQL. */
export interface ParsedProject {
  context: ParseContext;
  manifest: Manifest;
  /** compiled templates of models and singular tests, by unique id */
  templates: Map<string, SqlTemplate>;
  /** things worth telling the user that do not stop the run */
  warnings: string[];
}

export interface ParseOptions {
  project: ProjectConfig;
  target: TargetConfig;
  dialect: Dialect;
  /** `--vars`, overriding project.yml's vars */
  vars?: Record<string, unknown>;
  /** warnings found before parsing (profiles.yml), reported with the parse's own */
  warnings?: string[];
}

/** Parse every file of the project into a linked manifest. */
export function parseProject(options: ParseOptions): ParsedProject {
  const { project, target, dialect } = options;
  const context: ParseContext = {
    project,
    target,
    dialect,
    templates: new TemplateEnvironment(),
    variables: new VariableResolver({ ...project.vars, ...options.vars }),
    targetContext: publicTargetContext(target),
    configKeys: configKeysFor(dialect.capabilities.modelConfigKeys),
    warnings: [...(options.warnings ?? [])],
  };
  const root = project.rootDir;
  const manifest: Manifest = {
    projectName: project.name,
    nodes: new Map(),
    sources: new Map(),
    macros: new Map(),
    parentMap: new Map(),
    childMap: new Map(),
    refIndex: new Map(),
    sourceIndex: new Map(),
  };
  const templates = new Map<string, SqlTemplate>();
  const warnings = context.warnings;
  warnings.push(...checkProjectConfigKeys(project, context.configKeys));

  const macroNames = new MacroNames();
  for (const file of discoverFiles(root, project.macroPaths, ['.sql'])) {
    for (const macro of parseMacroFile(context, file)) {
      macroNames.claim(macro);
      manifest.macros.set(macro.uniqueId, macro);
    }
  }

  const schemaFiles = discoverFiles(root, [...project.modelPaths, ...project.seedPaths], ['.yml', '.yaml']).map(
    (file) => parseSchemaFile(file.path, root, context.configKeys),
  );
  for (const schemaFile of schemaFiles) warnings.push(...schemaFile.warnings);
  const modelPatches = patchesByName(schemaFiles, 'models');
  const seedPatches = patchesByName(schemaFiles, 'seeds');

  const names = new NodeNames();
  const built: Array<ModelNode | SeedNode> = [];
  // every file on disk, enabled or not, so a YAML entry of a disabled node is not "missing"
  const onDisk = { model: new Set<string>(), seed: new Set<string>() };
  const disabled = new Map<string, DisabledNode>();
  /** Register an enabled model or seed under its unique name; remember a disabled one, so a ref to it can say so. */
  const admit = (node: ModelNode | SeedNode, patch: NodePatch | undefined): boolean => {
    if (!node.config.enabled) {
      disabled.set(node.name, disabledNode(node, patch, project.file, root));
      return false;
    }
    names.claim(node.name, node.origin.file);
    rejectReservedName(node);
    built.push(node);
    addNode(manifest, node);
    return true;
  };
  const modelFiles = discoverFiles(root, project.modelPaths, ['.sql']);
  for (const file of modelFiles) {
    onDisk.model.add(file.stem);
    const patch = modelPatches.get(file.stem);
    const { node, template } = parseModel(context, file, patch);
    if (admit(node, patch)) templates.set(node.uniqueId, template);
  }
  const seedFiles = discoverFiles(root, project.seedPaths, ['.csv']);
  for (const file of seedFiles) {
    onDisk.seed.add(file.stem);
    const patch = seedPatches.get(file.stem);
    admit(parseSeed(context, file, patch), patch);
  }
  rejectSharedRelations(built);
  for (const schemaFile of schemaFiles) {
    for (const declaration of schemaFile.sources) {
      for (const source of parseSources(context, declaration)) addSource(manifest, source);
    }
  }
  rejectSourceOverwrites(built, manifest.sources.values());

  for (const [patches, kind] of [
    [modelPatches, 'model'],
    [seedPatches, 'seed'],
  ] as const) {
    for (const patch of patches.values()) {
      if (!onDisk[kind].has(patch.name)) {
        // A seed entry configures how a CSV loads (column_types...): without the CSV nothing
        // would load, so that is an error; a model entry is documentation, so a warning.
        if (kind === 'seed') throw missingSeedFile(project, patch, onDisk.seed);
        warnings.push(
          `${patch.file}:${patch.line}: ${kind} '${patch.name}' is documented but no ${kind} file has that name`,
        );
        continue;
      }
      if (!manifest.refIndex.has(patch.name)) continue; // disabled
      const owner: TestOwner = { kind: 'ref', name: patch.name, file: patch.file };
      for (const test of patch.tests) addNode(manifest, parseGenericTest(context, owner, test));
      for (const column of patch.columns)
        for (const test of column.tests) addNode(manifest, parseGenericTest(context, owner, test, column.name));
    }
  }
  for (const schemaFile of schemaFiles) {
    for (const declaration of schemaFile.sources) {
      for (const table of declaration.tables) {
        const owner: TestOwner = {
          kind: 'source',
          name: table.name,
          sourceName: declaration.name,
          file: declaration.file,
        };
        for (const test of table.tests) addNode(manifest, parseGenericTest(context, owner, test));
        for (const column of table.columns)
          for (const test of column.tests) addNode(manifest, parseGenericTest(context, owner, test, column.name));
      }
    }
  }
  const testFiles = discoverFiles(root, project.testPaths, ['.sql']);
  warnings.push(...checkProjectFolders(project, { models: modelFiles, seeds: seedFiles, data_tests: testFiles }));
  for (const file of testFiles) {
    const { node, template } = parseSingularTest(context, file);
    if (!node.config.enabled) continue;
    addNode(manifest, node);
    templates.set(node.uniqueId, template);
  }

  linkManifest(manifest, root, disabled);
  validateLocations(manifest, project, target, dialect);
  // a key is checked where it is written, once; the same text twice would be one mistake
  return { context, manifest, templates, warnings: [...new Set(warnings)] };
}

/** Folder blocks of project.yml's `models:`, `seeds:` and `data_tests:` that no file is under. */
function checkProjectFolders(
  project: ProjectConfig,
  files: Record<'models' | 'seeds' | 'data_tests', DiscoveredFile[]>,
): string[] {
  const locate = (path: readonly string[]) => project.at?.(path) ?? { file: project.file };
  const trees = { models: project.models, seeds: project.seeds, data_tests: project.dataTests };
  return (['models', 'seeds', 'data_tests'] as const).flatMap((key) =>
    unmatchedFolderWarnings(
      trees[key],
      project.name,
      files[key].map((file) => [...file.folders, file.stem]),
      key,
      locate,
    ),
  );
}

/** The config keys of project.yml's `models:`, `seeds:` and `data_tests:` folder trees. */
function checkProjectConfigKeys(project: ProjectConfig, keys: ConfigKeys): string[] {
  const locate = (path: readonly string[]) => project.at?.(path) ?? { file: project.file };
  const trees = { models: project.models, seeds: project.seeds, data_tests: project.dataTests };
  return Object.entries(trees).flatMap(([key, tree]) => checkFolderConfigKeys(tree, keys, [key], locate));
}

/** A `seeds:` entry whose CSV does not exist: names the file to add, or the seed that was meant. */
function missingSeedFile(project: ProjectConfig, patch: NodePatch, seeds: Set<string>): StrataError {
  // beside the YAML when the YAML is in a seed folder, else in the first seed path
  const yamlFolder = posix.dirname(patch.file);
  const inSeedPath = project.seedPaths.some((folder) => yamlFolder === folder || yamlFolder.startsWith(`${folder}/`));
  const csv = `${inSeedPath ? yamlFolder : (project.seedPaths[0] ?? 'seeds')}/${patch.name}.csv`;
  const suggestion = closestMatch(patch.name, seeds);
  return new StrataError(`Seed '${patch.name}' is configured here, but its CSV file ${csv} does not exist`, {
    location: { file: patch.file, line: patch.line },
    hint: suggestion
      ? `Did you mean the seed '${suggestion}'? Otherwise add ${csv}, or remove this entry.`
      : `Add ${csv} (seed-paths: ${project.seedPaths.join(', ')}), or fix the name or remove this entry.`,
  });
}

function patchesByName(files: SchemaFile[], key: 'models' | 'seeds'): Map<string, NodePatch> {
  const patches = new Map<string, NodePatch>();
  for (const file of files) {
    for (const patch of file[key]) {
      const existing = patches.get(patch.name);
      if (existing) {
        throw new StrataError(`'${patch.name}' is described twice: ${existing.file}:${existing.line} and here`, {
          location: { file: patch.file, line: patch.line },
          hint: 'Keep one entry per resource across YAML files.',
        });
      }
      patches.set(patch.name, patch);
    }
  }
  return patches;
}

function addNode(manifest: Manifest, node: ModelNode | SeedNode | TestNode): void {
  if (manifest.nodes.has(node.uniqueId) && node.resourceType === 'test') {
    throw new StrataError(`The same test is declared twice: ${node.name}`, {
      location: node.origin,
      hint: 'Remove the duplicate from the YAML.',
    });
  }
  manifest.nodes.set(node.uniqueId, node);
  if (node.resourceType !== 'test') manifest.refIndex.set(node.name, node.uniqueId);
}

function addSource(manifest: Manifest, source: SourceNode): void {
  const key = `${source.sourceName}.${source.tableName}`;
  if (manifest.sourceIndex.has(key)) {
    throw new StrataError(`source('${source.sourceName}', '${source.tableName}') is declared twice`, {
      location: source.origin,
      hint: 'Keep one declaration per source table.',
    });
  }
  manifest.sources.set(source.uniqueId, source);
  manifest.sourceIndex.set(key, source.uniqueId);
}
