import type { AnalysisNode, Manifest, ModelNode, SnapshotNode, TestNode } from '../manifest/types.js';

/** A node that selects the rows of the relation it builds: a model, or the query a snapshot records. */
type SelectingNode = ModelNode | SnapshotNode;
import type { ParsedProject } from '../parser/parse-project.js';
import { genericTestSql } from '../data-tests/generic-tests.js';
import { macroTestSql } from '../data-tests/macro-tests.js';
import { GenericTestDefinitions, macroFiles } from '../data-tests/test-definitions.js';
import { applyWhere } from '../data-tests/where.js';
import { TemplateRelation } from '../templating/relation.js';
import { CompileScope, ephemeralCteName, renderSource } from './compile-scope.js';
import { CompiledSql, type RenderedSql } from './compiled-sql.js';
import { composeWithCtes } from './inject-ctes.js';
import { StrataError } from '../errors/strata-error.js';
import { findSource } from '../manifest/source-index.js';
import type { IntrospectionRunner } from '../templating/dbt-context/introspection.js';
import { RenderSession } from '../templating/dbt-context/render-session.js';
import type { SqlTemplate } from '../templating/sql-template.js';
import { compileNodeContext } from './dbt-node-context.js';
import { readRelation, refRelation, type FeedFiles, type FeedRows, type RelationReads } from './relation-reads.js';
import type { BatchFilter } from './event-time-filter.js';
import { withBatchContext } from './batch-context.js';

/**
 * Renders nodes to executable SQL: models (with their ephemeral parents inlined as
 * CTEs) and data tests (a query returning the failing rows). `execute` is true: the
 * `...With` methods answer introspective calls with `run` (render-and-replay, see
 * templating/CONTEXT.md); the others compile where no warehouse may be asked.
 */
export class Compiler {
  private readonly ephemeralSql = new Map<string, { sql: string; ephemerals: Set<string> }>();
  /** the compile under way, set for the length of one synchronous render pass */
  private session: RenderSession | undefined;
  /** the microbatch batch being compiled, set for the length of one synchronous render pass */
  private batch: BatchFilter | undefined;
  /** the commit-fed batch being compiled, set for the length of one synchronous render pass */
  private feed: FeedFiles | undefined;
  /** the ref-fed batch being compiled, set for the length of one synchronous render pass */
  private feedRows: FeedRows | undefined;
  /** the generic tests of the project, indexed on the first test compiled */
  private testDefinitions: GenericTestDefinitions | undefined;

  constructor(
    private readonly parsed: ParsedProject,
    /** `--defer` and `--empty`: how refs and sources read */
    private readonly reads: RelationReads = {},
  ) {}

  /** `--empty`: every ref and source reads no rows */
  get readsNoRows(): boolean {
    return this.reads.empty === true;
  }

  private get manifest(): Manifest {
    return this.parsed.manifest;
  }

  /** The SQL `strata compile` writes for a node: a model's query, a test's, an analysis's. */
  compile(node: ModelNode | TestNode | AnalysisNode | SnapshotNode): string {
    if (node.resourceType === 'model' || node.resourceType === 'snapshot') return this.compileModel(node);
    if (node.resourceType === 'test') return this.compileTest(node);
    return this.compileAnalysis(node);
  }

  /** `compile`, answering introspective calls with `run`. */
  compileWith(node: ModelNode | TestNode | AnalysisNode | SnapshotNode, run: IntrospectionRunner): Promise<string> {
    return this.withQueries(node.origin.file, run, () => this.compile(node));
  }

  /** `compileModelSql`, answering introspective calls with `run` (a model compiled just before it runs). */
  compileModelSqlWith(node: SelectingNode, incremental: boolean, run: IntrospectionRunner): Promise<CompiledSql> {
    return this.withQueries(node.origin.file, run, () => this.compileModelSql(node, incremental));
  }

  /**
   * `compileModelSqlWith` for one batch of a microbatch model: its refs and sources with
   * `event_time` read the batch's window, and `model.batch` describes it.
   */
  compileBatchSqlWith(
    node: ModelNode,
    incremental: boolean,
    batch: BatchFilter,
    run: IntrospectionRunner,
  ): Promise<CompiledSql> {
    return this.withQueries(node.origin.file, run, () => {
      const previous = this.batch;
      this.batch = batch;
      try {
        return this.compileModelSql(node, incremental);
      } finally {
        this.batch = previous;
      }
    });
  }

  /** `compileModelSqlWith` for one batch of a commit-fed model: its Bronze sources read exactly `feed`'s files. */
  compileFeedSqlWith(
    node: ModelNode,
    incremental: boolean,
    feed: FeedFiles,
    run: IntrospectionRunner,
  ): Promise<CompiledSql> {
    return this.withQueries(node.origin.file, run, () => {
      const previous = this.feed;
      this.feed = feed;
      try {
        return this.compileModelSql(node, incremental);
      } finally {
        this.feed = previous;
      }
    });
  }

  /** `compileModelSqlWith` for one batch of a ref-fed model: `feed_rows()` reads only `rows`' offsets. */
  compileFeedRowsSqlWith(node: ModelNode, rows: FeedRows, run: IntrospectionRunner): Promise<CompiledSql> {
    return this.withQueries(node.origin.file, run, () => {
      const previous = this.feedRows;
      this.feedRows = rows;
      try {
        return this.compileModelSql(node, true);
      } finally {
        this.feedRows = previous;
      }
    });
  }

  /** `compileTestSql`, answering introspective calls with `run`. */
  compileTestSqlWith(test: TestNode, run: IntrospectionRunner): Promise<CompiledSql> {
    return this.withQueries(test.origin.file, run, () => this.compileTestSql(test));
  }

  /**
   * A model's template rendered by `render` in its compile scope (a unit test's render: inputs
   * as CTEs, overrides), answering introspective calls with `run`.
   */
  renderModelIn(node: ModelNode, render: ModelRender, run: IntrospectionRunner): Promise<string> {
    const self = TemplateRelation.of(node.relation, this.parsed.context.dialect);
    const template = this.parsed.templates.get(node.uniqueId)!;
    return this.withQueries(node.origin.file, run, () =>
      this.withNodeScope(node.uniqueId, node.origin.file, self, false, (scope) => render(template, scope)),
    );
  }

  /** SQL of a model; `incremental` is what `is_incremental()` returns in this run. */
  compileModel(node: SelectingNode, incremental = false): string {
    return this.compileModelSql(node, incremental).sql;
  }

  /** `compileModel`, knowing the file and line each line came from (ephemeral parents included). */
  compileModelSql(node: SelectingNode, incremental = false): CompiledSql {
    const { sql, ephemerals } = this.render(
      node.uniqueId,
      node.origin.file,
      TemplateRelation.of(node.relation, this.parsed.context.dialect),
      incremental,
    );
    return composeWithCtes({ sql, file: node.origin.file, template: node.rawSql }, this.ephemeralCtes(ephemerals));
  }

  /** A query selecting the failing rows of a data test. */
  compileTest(test: TestNode): string {
    return this.compileTestSql(test).sql;
  }

  /** `compileTest`, knowing the file and line each line of a singular test came from. */
  compileTestSql(test: TestNode): CompiledSql {
    if (!test.testMetadata) return this.compileSqlFile(test);
    const relation = this.relationOf(test.attachedNode!);
    const attached = String(relation);
    const target = test.config.where ? applyWhere(attached, test.config.where) : attached;
    this.testDefinitions ??= new GenericTestDefinitions(this.parsed.context.templates, macroFiles(this.manifest));
    const definition = this.testDefinitions.find(test.testMetadata);
    if (definition?.kind === 'macro') {
      const { testMetadata } = test;
      const sql = this.withNodeScope(test.uniqueId, test.origin.file, this.testSelf(test), false, (scope) =>
        macroTestSql({
          templates: this.parsed.context.templates,
          macro: definition.macro,
          scope,
          // like dbt's get_where_subquery: the relation itself, or a subquery when `where` narrows it
          model: test.config.where ? target : asRelation(relation, test.attachedNode!),
          kwargs: testMetadata.kwargs,
          macroFile: definition.file ?? test.origin.file,
          storeFailures: test.config.storeFailures === true,
        }),
      );
      return CompiledSql.generated(sql);
    }
    try {
      return CompiledSql.generated(
        genericTestSql(
          test.testMetadata,
          target,
          this.parsed.context.dialect,
          (text) => this.resolveRelationText(text, test),
          {
            storeFailures: test.config.storeFailures === true,
          },
        ),
      );
    } catch (error) {
      if (error instanceof StrataError && !error.location)
        throw new StrataError(error.message, { location: test.origin, hint: error.hint });
      throw error;
    }
  }

  /** An analysis with its refs and sources resolved, for a person to run; Strata never runs it. */
  compileAnalysis(node: AnalysisNode): string {
    return this.compileSqlFile(node).sql;
  }

  /** A singular test or an analysis: a SQL file that builds nothing, so `this` is a name in the target schema. */
  private compileSqlFile(node: TestNode | AnalysisNode): CompiledSql {
    const { sql, ephemerals } = this.render(node.uniqueId, node.origin.file, this.testSelf(node), false);
    return composeWithCtes({ sql, file: node.origin.file, template: node.rawSql }, this.ephemeralCtes(ephemerals));
  }

  /** `this` of a node that builds nothing: a name in the target schema. */
  private testSelf(node: TestNode | AnalysisNode): TemplateRelation {
    return TemplateRelation.of(
      { schema: this.parsed.context.target.schema, identifier: node.config.alias ?? node.name },
      this.parsed.context.dialect,
    );
  }

  private render(
    uniqueId: string,
    file: string,
    self: TemplateRelation,
    incremental: boolean,
  ): { sql: string; ephemerals: Set<string> } {
    return this.withNodeScope(uniqueId, file, self, incremental, (scope) => {
      const sql = this.parsed.templates.get(uniqueId)!.render(scope);
      return { sql, ephemerals: scope.ephemerals };
    });
  }

  /** Run `render` with the scope of a node: its package's vars and dbt's render state (`execute`, `model`...). */
  private withNodeScope<T>(
    uniqueId: string,
    file: string,
    self: TemplateRelation,
    incremental: boolean,
    render: (scope: CompileScope) => T,
  ): T {
    if (!this.session) {
      const session = new RenderSession(this.parsed.context.invocation);
      return session.renderNow(file, () =>
        this.inSession(session, () => this.withNodeScope(uniqueId, file, self, incremental, render)),
      );
    }
    const manifestNode = this.manifest.nodes.get(uniqueId);
    // a package's node renders with its package's vars
    const context = this.parsed.packageContexts?.get(manifestNode?.packageName ?? '') ?? this.parsed.context;
    const batch = this.batch?.modelId === uniqueId ? this.batch : undefined;
    const node = withBatchContext(
      compileNodeContext(this.manifest, context.dialect, context.target, manifestNode),
      batch,
      manifestNode,
    );
    const feed = this.feed?.modelId === uniqueId ? this.feed : undefined;
    const feedRows = this.feedRows?.modelId === uniqueId ? this.feedRows : undefined;
    const reads = batch || feed || feedRows ? { ...this.reads, batch, feed, feedRows } : this.reads;
    const state = this.session.stateFor(uniqueId, file, node);
    const result = render(new CompileScope(context, this.manifest, file, self, incremental, state, reads));
    this.session.complete(uniqueId, state);
    return result;
  }

  /** Run `compile` pass after pass, answering its introspective calls with `run`. */
  private withQueries<T>(file: string, run: IntrospectionRunner, compile: () => T): Promise<T> {
    const session = new RenderSession(this.parsed.context.invocation, run);
    return session.render(file, () => this.inSession(session, compile));
  }

  private inSession<T>(session: RenderSession, pass: () => T): T {
    const previous = this.session;
    this.session = session;
    try {
      return pass();
    } finally {
      this.session = previous;
    }
  }

  /** All ephemeral ancestors, deepest first, so each CTE only names earlier ones. */
  private ephemeralCtes(direct: Set<string>): Array<{ name: string; rendered: RenderedSql }> {
    const ordered: string[] = [];
    const visit = (id: string) => {
      if (ordered.includes(id)) return;
      for (const parent of this.compiledEphemeral(id).ephemerals) visit(parent);
      ordered.push(id);
    };
    for (const id of direct) visit(id);
    return ordered.map((id) => {
      const node = this.manifest.nodes.get(id) as ModelNode;
      return {
        name: ephemeralCteName(node.name),
        rendered: { sql: this.compiledEphemeral(id).sql, file: node.origin.file, template: node.rawSql },
      };
    });
  }

  private compiledEphemeral(id: string) {
    let compiled = this.ephemeralSql.get(id);
    if (!compiled) {
      const node = this.manifest.nodes.get(id) as ModelNode;
      compiled = this.render(
        id,
        node.origin.file,
        TemplateRelation.of(node.relation, this.parsed.context.dialect),
        false,
      );
      this.ephemeralSql.set(id, compiled);
    }
    return compiled;
  }

  /** How a node or source reads in SQL, by unique id. */
  relationOf(uniqueId: string): TemplateRelation | string {
    const source = this.manifest.sources.get(uniqueId);
    if (source) return renderSource(source, this.parsed.context, this.reads);
    const node = this.manifest.nodes.get(uniqueId) as ModelNode;
    if (node.resourceType === 'model' && node.config.materialized === 'ephemeral') {
      return `(${this.compileModel(node)}) ${ephemeralCteName(node.name)}`;
    }
    return readRelation(refRelation(node, this.reads), this.parsed.context.dialect, this.reads);
  }

  /** `ref('x')` / `source('a', 'b')` text from a test's YAML arguments, as SQL. */
  private resolveRelationText(text: string, test: TestNode): string {
    const ref = /ref\(\s*['"]([^'"]+)['"]\s*\)/.exec(text);
    if (ref) return String(this.relationOf(this.manifest.refIndex.get(ref[1]!)!));
    const source = /source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)/.exec(text);
    if (source) return String(this.relationOf(findSource(this.manifest, test.packageName, source[1]!, source[2]!)!));
    throw new StrataError(`Test '${test.name}': '${text}' is not a ref() or source()`, {
      location: test.origin,
      hint: `Write it as to: ref('model_name') or to: source('source_name', 'table_name').`,
    });
  }
}

/** Renders a model's template in (a scope derived from) its compile scope, synchronously. */
export type ModelRender = (template: SqlTemplate, scope: CompileScope) => string;

/**
 * What a `{% test %}` macro gets as `model`: a relation, as in dbt, even for an ephemeral
 * model, which reads as its inlined query (packages check `model` is a relation first).
 */
function asRelation(relation: TemplateRelation | string, id: string): TemplateRelation {
  if (relation instanceof TemplateRelation) return relation;
  return new TemplateRelation({ schema: '', identifier: id.split('.').pop()! }, relation);
}
