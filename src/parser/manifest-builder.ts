import { StrataError } from '../errors/strata-error.js';
import type {
  MacroDefinition,
  Manifest,
  ModelNode,
  Origin,
  ProjectNode,
  SeedNode,
  SourceNode,
} from '../manifest/types.js';
import { declaredInPackage, indexSource } from '../manifest/source-index.js';
import type { SqlTemplate } from '../templating/sql-template.js';
import { disabledNode, type DisabledNode } from './disabled-nodes.js';
import { discoverFiles, type DiscoveredFile } from './discover.js';
import { NameClaims, type BuiltNode } from './name-collisions.js';
import type { ParseContext } from './parse-context.js';
import { PROJECT_FILES, type ProjectFiles } from './project-files.js';
import type { NodePatch, SchemaFile } from './schema-types.js';

/**
 * The manifest under construction, shared by the parse phases (see CONTEXT.md). A phase
 * reads what earlier phases left here and adds nodes, sources and macros through it, so the
 * bookkeeping — unique names, the ref and source indexes, templates — lives in one place.
 */
export class ManifestBuilder {
  readonly manifest: Manifest;
  /** compiled templates of models, singular tests and analyses, by unique id */
  readonly templates: Map<string, SqlTemplate>;
  /**
   * A builder per installed package (see phases/packages.ts), sharing this one's manifest: the
   * phases that read a project's files run on each (`eachProject`).
   */
  readonly packages: ManifestBuilder[] = [];
  /** schema YAML files, read by the schema-files phase */
  readonly schemaFiles: SchemaFile[] = [];
  /** the YAML entries of models, seeds and analyses by name, read by the schema-files phase */
  readonly patches = {
    model: new Map<string, NodePatch>(),
    seed: new Map<string, NodePatch>(),
    analysis: new Map<string, NodePatch>(),
    snapshot: new Map<string, NodePatch>(),
  };
  /** models and seeds switched off, by name, so that a ref to one can say so */
  readonly disabled: Map<string, DisabledNode>;
  private readonly claims: NameClaims;
  private readonly discovered = new Map<ProjectFiles, DiscoveredFile[]>();

  /** A builder of `context`'s project; `root`'s manifest and names when it is an installed package's. */
  constructor(
    readonly context: ParseContext,
    root?: ManifestBuilder,
  ) {
    this.templates = root?.templates ?? new Map();
    this.disabled = root?.disabled ?? new Map();
    this.claims = root?.claims ?? new NameClaims();
    this.manifest = root?.manifest ?? {
      projectName: context.project.name,
      nodes: new Map(),
      sources: new Map(),
      macros: new Map(),
      parentMap: new Map(),
      childMap: new Map(),
      refIndex: new Map(),
      sourceIndex: new Map(),
    };
  }

  /** Tell the user something that does not stop the parse (`file:line: message`). */
  warn(...messages: string[]): void {
    this.context.warnings.push(...messages);
  }

  /** Every warning so far, each once: a key is checked where it is written, so the same text twice is one mistake. */
  warnings(): string[] {
    return [...new Set(this.context.warnings)];
  }

  /**
   * The project's files of one kind, found on disk the first time a phase asks for them.
   * Kinds under the same folders (SQL and Python models) are found in one walk: a big
   * project's model tree is read once for them.
   */
  files(kind: ProjectFiles): DiscoveredFile[] {
    if (!this.discovered.has(kind)) this.discoverAlongside(kind);
    return this.discovered.get(kind)!;
  }

  private discoverAlongside(kind: ProjectFiles): void {
    const { project } = this.context;
    const roots = PROJECT_FILES[kind].roots(project);
    const sameRoots = (other: ProjectFiles) => {
      const otherRoots = PROJECT_FILES[other].roots(project);
      return otherRoots.length === roots.length && otherRoots.every((root, i) => root === roots[i]);
    };
    const kinds = (Object.keys(PROJECT_FILES) as ProjectFiles[]).filter(
      (other) => other === kind || (!this.discovered.has(other) && sameRoots(other)),
    );
    const found = discoverFiles(project.rootDir, roots, [
      ...new Set(kinds.flatMap((k) => PROJECT_FILES[k].extensions)),
    ]);
    for (const each of kinds) {
      const { extensions } = PROJECT_FILES[each];
      this.discovered.set(
        each,
        found.filter((file) => extensions.some((extension) => file.path.endsWith(extension))),
      );
    }
  }

  /** Add a macro under the name it claims. */
  addMacro(macro: MacroDefinition): void {
    this.markPackageFile(macro);
    this.claims.claimMacroName(macro);
    this.manifest.macros.set(macro.uniqueId, macro);
  }

  /**
   * Add an enabled node. A model or seed claims its name first and becomes `ref`-able; a
   * test's or analysis's unique id is its claim, so the same one declared twice is an error.
   */
  addNode(node: ProjectNode, template?: SqlTemplate): void {
    this.markPackageFile(node);
    if (node.resourceType === 'test' || node.resourceType === 'analysis' || node.resourceType === 'unit_test') {
      const existing = this.manifest.nodes.get(node.uniqueId);
      if (existing) throw declaredTwice(node, existing);
    } else {
      this.claims.claimNodeName(node);
      this.manifest.refIndex.set(node.name, node.uniqueId);
    }
    this.manifest.nodes.set(node.uniqueId, node);
    if (template) this.templates.set(node.uniqueId, template);
  }

  /** Remember a model or seed switched off (`enabled: false`), so that a ref to it says where. */
  addDisabled(node: ModelNode | SeedNode, patch: NodePatch | undefined): void {
    this.disabled.set(node.name, disabledNode(node, patch, this.context.project.file, this.context.project.rootDir));
  }

  /** Add a source table; `source('a', 'b')` declared twice is an error. */
  addSource(source: SourceNode): void {
    this.markPackageFile(source);
    if (declaredInPackage(this.manifest, source) !== undefined) {
      throw new StrataError(`source('${source.sourceName}', '${source.tableName}') is declared twice`, {
        location: source.origin,
        hint: 'Keep one declaration per source table.',
      });
    }
    this.manifest.sources.set(source.uniqueId, source);
    indexSource(this.manifest, source);
  }

  /** An installed package's resource knows its package's folder, which dbt names its files from. */
  private markPackageFile(item: { origin: Origin }): void {
    const { packageRoot } = this.context.project;
    if (packageRoot !== undefined) item.origin = { ...item.origin, packageRoot };
  }

  /** Claim the relation a model or seed builds: no two nodes may build one table. */
  claimRelation(node: BuiltNode): void {
    this.claims.claimRelation(node);
  }

  /** Refuse a node building the table of a source added so far (it would replace the source's data). */
  rejectSourceTables(): void {
    this.claims.rejectSourceTables(this.manifest.sources.values());
  }
}

/** A second test or analysis with the unique id of one already added. */
function declaredTwice(node: ProjectNode, existing: ProjectNode): StrataError {
  if (node.resourceType === 'unit_test') {
    return new StrataError(`Two unit tests of model "${node.model}" are named "${node.name}"`, {
      location: node.origin,
      hint: `The other is at ${existing.origin.file}:${existing.origin.line}; rename one.`,
    });
  }
  if (node.resourceType === 'analysis') {
    return new StrataError(`Two analyses are named "${node.name}": ${existing.origin.file} and this file`, {
      location: node.origin,
      hint: 'Rename one of the files: analysis names are unique in a project.',
    });
  }
  return new StrataError(`The same test is declared twice: ${node.name}`, {
    location: node.origin,
    hint: 'Remove the duplicate from the YAML.',
  });
}

/**
 * One step of the parse, in the order `parseProject` lists them. A phase adds what it finds
 * to the builder and throws a StrataError for the first mistake it meets.
 */
export type ParsePhase = (builder: ManifestBuilder) => void;
