/**
 * The in-memory manifest: every resource the parser found, with unique ids shaped
 * like dbt's (`model.<project>.<name>`). Field names are camelCase here; the
 * artifacts writer maps them to dbt's snake_case manifest v12.
 */
import type { BatchSize } from '../config/microbatch-config.js';
import type { ExposureNode } from '../exposures/exposure-node.js';
import type { UnitTestNode } from '../unit-tests/unit-test-node.js';

export type { ExposureNode, UnitTestNode };

export type ResourceType =
  'model' | 'seed' | 'source' | 'test' | 'analysis' | 'snapshot' | 'operation' | 'unit_test' | 'exposure';

export type Materialization = 'view' | 'table' | 'incremental' | 'ephemeral' | 'seed' | 'test' | 'snapshot';

export type IncrementalStrategy =
  'append' | 'merge' | 'delete+insert' | 'insert_overwrite' | 'microbatch' | 'commit_feed';

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
  /** microbatch (see config/microbatch-config.ts): `event_time` also marks the parents a batch filters */
  eventTime?: string;
  batchSize?: BatchSize;
  begin?: Date;
  lookback?: number;
  concurrentBatches?: boolean;
  /** commit_feed models (src/feed/CONTEXT.md): columns a merge adds the batch's value to instead of replacing */
  mergeSumColumns?: string[];
  /** commit_feed models: the batch's rows replace every existing row with the same values of these columns */
  replaceKey?: string[];
  /** with replace_key: only the key's rows from the delta's smallest value of this column on are replaced */
  replaceFrom?: string;
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
  /** models: the enforced column contract (dbt's `contract` config) */
  contract?: ModelContract;
  /** `pre_hook` / `post_hook` of every level, in the order they run (see hooks/) */
  preHook?: HookSql[];
  postHook?: HookSql[];
  /** privilege -> roles (`{select: [reporter]}`), applied after the build (see grants/) */
  grants?: Record<string, string[]>;
  /** models under `--watch`: warn when the newest event is older than this after a run (ms) */
  freshnessTarget?: number;
  /** anything else a user or adapter sets */
  extra: Record<string, unknown>;
}

/** One hook as dbt keeps it: its Jinja SQL, and whether it runs inside the node's transaction. */
export interface HookSql {
  sql: string;
  transaction: boolean;
}

export interface ColumnInfo {
  name: string;
  description: string;
  dataType?: string;
  /** column-level constraints (models with an enforced contract render them) */
  constraints?: Constraint[];
  tags: string[];
  meta: Record<string, unknown>;
}

/** dbt's `contract` config: the model's columns and types are checked before it is built. */
export interface ModelContract {
  enforced: boolean;
  /** the contract's types go through the warehouse's aliases (`string` -> `text`) in the DDL */
  aliasTypes: boolean;
}

export type ConstraintType = 'check' | 'not_null' | 'unique' | 'primary_key' | 'foreign_key' | 'custom';

/** A column- or model-level constraint as dbt declares it. */
export interface Constraint {
  type: ConstraintType;
  name?: string;
  expression?: string;
  /** warn when the warehouse records the constraint without enforcing it */
  warnUnenforced: boolean;
  /** warn when the warehouse cannot take the constraint at all */
  warnUnsupported: boolean;
  /** foreign keys: the referenced relation as written (`ref('customers')`) */
  to?: string;
  toColumns: string[];
  /** model-level constraints: the columns they bind */
  columns: string[];
  /** 1-based line in the YAML file */
  line?: number;
}

/** Where a resource was declared: path relative to the root project, and 1-based line. */
export interface Origin {
  file: string;
  line?: number;
  /** the root-relative folder of the installed package declaring it (`dbt_packages/x`); unset in the root project */
  packageRoot?: string;
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
  /** the line of the model's entry in its YAML file (`patchPath`) */
  patchLine?: number;
  /** model-level constraints (`constraints:` beside `columns:`) */
  constraints?: Constraint[];
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
  /** dbt 1.10's `loaded_at_query`: SQL returning the max loaded-at time (wins over the field) */
  loadedAtQuery?: string;
  /** thresholds after the table's are merged over its source's; null when `freshness: null` turned them off */
  freshness?: { warnAfter?: FreshnessThreshold; errorAfter?: FreshnessThreshold; filter?: string } | null;
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

/**
 * A project hook (`on-run-start` / `on-run-end` of dbt_project.yml) as dbt's manifest keeps it:
 * an `operation` node, `operation.<package>.<package>-on-run-start-<index>`. Run by the run
 * task before or after the selected nodes (src/hooks/run-hooks.ts), never scheduled.
 */
export interface OperationNode extends BaseNode {
  resourceType: 'operation';
  hookType: 'on-run-start' | 'on-run-end';
  /** the target's schema and database, where dbt places a project hook in the manifest */
  schema: string;
  database?: string;
  /** the hook's place among its package's hooks of the same type, from 0 */
  index: number;
  /** the project's `models:` config at the hook's fqn, which dbt gives its hooks too */
  config?: NodeConfig;
  rawSql: string;
  checksum: string;
}

/**
 * A snapshot (dbt's type-2 history): a `{% snapshot %}` block or a YAML `snapshots:` entry whose
 * query's rows are recorded over time in its table, with the settings of `snapshot`. It is
 * `ref`-able like a model; its `config` holds the settings every node shares.
 */
export interface SnapshotNode extends Omit<ModelNode, 'resourceType'> {
  resourceType: 'snapshot';
  snapshot: SnapshotConfig;
}

/** How a snapshot detects changes and records them, as dbt 1.9+ configures it. */
export interface SnapshotConfig {
  strategy: 'timestamp' | 'check';
  uniqueKey: string[];
  /** the timestamp strategy's column (optional for check, where it then sets `dbt_valid_from`) */
  updatedAt?: string;
  /** the check strategy's columns, or 'all' */
  checkCols?: string[] | 'all';
  hardDeletes: 'ignore' | 'invalidate' | 'new_record';
  /** SQL expression the current rows' `dbt_valid_to` holds instead of null */
  validToCurrent?: string;
  /** the meta columns' names, dbt's defaults renamed by `snapshot_meta_column_names` */
  columns: SnapshotMetaColumns;
}

export interface SnapshotMetaColumns {
  dbtScdId: string;
  dbtUpdatedAt: string;
  dbtValidFrom: string;
  dbtValidTo: string;
  dbtIsDeleted: string;
}

/** The nodes of the manifest's `nodes` map (dbt's `nodes`, plus its `unit_tests`): everything but sources. */
export type ProjectNode = ModelNode | SeedNode | TestNode | AnalysisNode | SnapshotNode | UnitTestNode;

export type ManifestNode = ProjectNode | SourceNode | ExposureNode;

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
  /** project hooks (`on-run-start`, `on-run-end`) in the order they run; absent when there are none */
  operations?: Map<string, OperationNode>;
  /** `exposures:` of schema YAML (dbt's `exposures`); absent when there are none */
  exposures?: Map<string, ExposureNode>;
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
  return [...manifest.nodes.values(), ...manifest.sources.values(), ...(manifest.exposures?.values() ?? [])];
}

export function getNode(manifest: Manifest, uniqueId: string): ManifestNode | undefined {
  return manifest.nodes.get(uniqueId) ?? manifest.sources.get(uniqueId) ?? manifest.exposures?.get(uniqueId);
}
