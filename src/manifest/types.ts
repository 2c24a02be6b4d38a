/**
 * The in-memory manifest: every resource the parser found, with unique ids shaped
 * like dbt's (`model.<project>.<name>`). Field names are camelCase here; the
 * artifacts writer maps them to dbt's snake_case manifest v12.
 */
import type { UnitTestNode } from '../unit-tests/unit-test-node.js';

export type { UnitTestNode };

export type ResourceType = 'model' | 'seed' | 'source' | 'test' | 'analysis' | 'unit_test';

export type Materialization = 'view' | 'table' | 'incremental' | 'ephemeral' | 'seed' | 'test';

export type IncrementalStrategy = 'append' | 'merge' | 'delete+insert' | 'insert_overwrite';

export type OnSchemaChange = 'ignore' | 'fail' | 'append_new_columns' | 'sync_all_columns';

export type Severity = 'error' | 'warn';

/**
 * Resolved configuration of a node: project.yml folder blocks, then YAML `config:`,
 * then the file's own `config(...)` call, later ones winning. Unknown keys are kept
 * (adapters read their own, e.g. `dist`, `sort`, `transient`).
 */
export interface NodeConfig {
  enabled: boolean;
  materialized: Materialization;
  schema?: string;
  database?: string;
  alias?: string;
  tags: string[];
  /** incremental */
  incrementalStrategy?: IncrementalStrategy;
  uniqueKey?: string[];
  onSchemaChange?: OnSchemaChange;
  fullRefresh?: boolean;
  /** lake tables: a directory under the project (DuckDB) or an s3:// prefix (Athena) */
  location?: string;
  partitionBy?: string[];
  format?: 'parquet' | 'json';
  /** seeds */
  columnTypes?: Record<string, string>;
  delimiter?: string;
  /** data tests */
  severity?: Severity;
  warnIf?: string;
  errorIf?: string;
  where?: string;
  storeFailures?: boolean;
  /** at most this many failing rows are counted (dbt's `limit`) */
  limit?: number;
  /** SQL aggregate over the failing rows that gives the failure count (dbt's `fail_calc`) */
  failCalc?: string;
  /** anything else a user or adapter sets */
  extra: Record<string, unknown>;
}

export interface ColumnInfo {
  name: string;
  description: string;
  dataType?: string;
  tags: string[];
  meta: Record<string, unknown>;
}

/** Where a resource was declared: project-relative path and 1-based line. */
export interface Origin {
  file: string;
  line?: number;
}

interface BaseNode {
  uniqueId: string;
  name: string;
  resourceType: ResourceType;
  packageName: string;
  /** path segments used by `path:` selection and dbt's fqn, e.g. ['shop', 'staging', 'stg_orders'] */
  fqn: string[];
  origin: Origin;
  description: string;
  tags: string[];
  meta: Record<string, unknown>;
}

/** A relation in the warehouse. `database` is optional: DuckDB uses the attached catalog. */
export interface RelationName {
  database?: string;
  schema: string;
  identifier: string;
}

export interface RefCall {
  name: string;
  package?: string;
}

export interface ModelNode extends BaseNode {
  resourceType: 'model';
  rawSql: string;
  /** sha256 of the raw SQL, for `state:modified` */
  checksum: string;
  config: NodeConfig;
  relation: RelationName;
  columns: Record<string, ColumnInfo>;
  refs: RefCall[];
  sources: Array<[sourceName: string, tableName: string]>;
  /** unique ids of parents (models, seeds, sources) */
  dependsOn: string[];
  /** unique ids of macros used, informational */
  patchPath?: string;
}

export interface SeedNode extends BaseNode {
  resourceType: 'seed';
  /** absolute path of the CSV file */
  csvPath: string;
  checksum: string;
  config: NodeConfig;
  relation: RelationName;
  columns: Record<string, ColumnInfo>;
  dependsOn: string[];
  patchPath?: string;
}

/** Where a source's rows physically live when they are files in the lake. */
export interface ExternalLocation {
  /** a directory relative to the project root (DuckDB) or an s3:// URI */
  location: string;
  format: 'jsonl' | 'parquet' | 'csv';
  /** hive partition columns in path order, e.g. ['dt', 'hour'] */
  partitions: string[];
  /** glob below location; default `**` plus the format's extension */
  fileGlob?: string;
}

export interface FreshnessThreshold {
  count: number;
  period: 'minute' | 'hour' | 'day';
}

export interface SourceNode extends BaseNode {
  resourceType: 'source';
  sourceName: string;
  /** the table name as written in `source('src', 'table')` */
  tableName: string;
  relation: RelationName;
  external?: ExternalLocation;
  loadedAtField?: string;
  freshness?: { warnAfter?: FreshnessThreshold; errorAfter?: FreshnessThreshold; filter?: string };
  columns: Record<string, ColumnInfo>;
  sourceDescription: string;
  dependsOn: string[];
  config: NodeConfig;
}

/** A generic test instance, e.g. `not_null` on `stg_orders.order_id`. */
export interface GenericTestMetadata {
  name: 'not_null' | 'unique' | 'relationships' | 'accepted_values' | string;
  /** the package of `dbt_utils.expression_is_true` (dbt's namespace); unset for a project or built-in test */
  namespace?: string;
  /** `column_name`, `to`, `field`, `values`, `quote`... as written in YAML, and dbt's `model` */
  kwargs: Record<string, unknown>;
}

export interface TestNode extends BaseNode {
  resourceType: 'test';
  /** singular tests carry SQL; generic tests carry metadata and are rendered by data-tests/ */
  rawSql: string;
  checksum: string;
  testMetadata?: GenericTestMetadata;
  columnName?: string;
  /** unique id of the model/seed/source the test is declared on */
  attachedNode?: string;
  config: NodeConfig;
  refs: RefCall[];
  sources: Array<[sourceName: string, tableName: string]>;
  dependsOn: string[];
}

/**
 * An analysis: a SQL file under the analysis paths that `compile` renders (refs and sources
 * resolved) for a person to run by hand. It is never run by `run` or `build`.
 */
export interface AnalysisNode extends BaseNode {
  resourceType: 'analysis';
  rawSql: string;
  checksum: string;
  config: NodeConfig;
  /** documented in an `analyses:` entry of schema YAML */
  columns: Record<string, ColumnInfo>;
  refs: RefCall[];
  sources: Array<[sourceName: string, tableName: string]>;
  /** unique ids of parents (models, seeds, sources) */
  dependsOn: string[];
  /** the schema YAML file of its `analyses:` entry */
  patchPath?: string;
}

/** The nodes of the manifest's `nodes` map (dbt's `nodes`, plus its `unit_tests`): everything but sources. */
export type ProjectNode = ModelNode | SeedNode | TestNode | AnalysisNode | UnitTestNode;

export type ManifestNode = ProjectNode | SourceNode;

/** A `{% macro %}` found in the project's macro paths. */
export interface MacroDefinition {
  uniqueId: string;
  name: string;
  origin: Origin;
  /** the whole file's text; macros are loaded per file */
  fileText: string;
}

/** A `{% docs %}` block of a `.md` file, included in descriptions by `doc('name')`. */
export interface DocDefinition {
  /** `doc.<package>.<name>` */
  uniqueId: string;
  name: string;
  packageName: string;
  origin: Origin;
  /** the file's path below its docs folder (dbt's `path`) */
  path: string;
  /** the Markdown of the block, trimmed */
  contents: string;
}

export interface Manifest {
  projectName: string;
  /** models, seeds, tests and analyses keyed by unique id (dbt's `nodes`) */
  nodes: Map<string, ProjectNode>;
  sources: Map<string, SourceNode>;
  macros: Map<string, MacroDefinition>;
  /** docs blocks by unique id (absent when the project has none) */
  docs?: Map<string, DocDefinition>;
  /** parent unique ids per node, including sources */
  parentMap: Map<string, string[]>;
  childMap: Map<string, string[]>;
  /** `name` -> model/seed unique id, for ref() resolution */
  refIndex: Map<string, string>;
  /** `source.table` -> source unique id */
  sourceIndex: Map<string, string>;
}

export function allNodes(manifest: Manifest): ManifestNode[] {
  return [...manifest.nodes.values(), ...manifest.sources.values()];
}

export function getNode(manifest: Manifest, uniqueId: string): ManifestNode | undefined {
  return manifest.nodes.get(uniqueId) ?? manifest.sources.get(uniqueId);
}
