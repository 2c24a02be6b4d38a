/**
 * The typed content of schema YAML files (models/**\/*.yml): models, seeds and sources
 * with their columns and tests, each carrying the file and line it was declared on.
 */
import type { RawConfig } from '../config/types.js';
import type { Constraint } from '../manifest/types.js';
import type { ExposureDeclaration } from './schema-exposures.js';
import type { UnitTestDeclaration } from './schema-unit-tests.js';

/** A test as declared in YAML: `not_null`, or `{ relationships: { to: ref('x'), field: id } }`. */
export interface TestDeclaration {
  /** generic test name, e.g. `not_null`, `relationships` */
  name: string;
  /** arguments as written, minus `config`-like keys (which go to `config`) */
  kwargs: Record<string, unknown>;
  /** severity, warn_if, error_if, where, store_failures, tags, enabled... */
  config: RawConfig;
  /** the test's own `description:` */
  description?: string;
  line: number;
}

export interface ColumnDeclaration {
  name: string;
  description: string;
  dataType?: string;
  /** absent when the column declares none */
  constraints?: Constraint[];
  tags: string[];
  meta: Record<string, unknown>;
  tests: TestDeclaration[];
  line: number;
}

/** A `models:`, `seeds:` or `analyses:` entry: documentation and config patched onto a node from its file. */
export interface NodePatch {
  name: string;
  description: string;
  config: RawConfig;
  columns: ColumnDeclaration[];
  /** model-level tests (e.g. a custom generic test over several columns) */
  tests: TestDeclaration[];
  /** model-level constraints; absent when the model declares none */
  constraints?: Constraint[];
  meta: Record<string, unknown>;
  /** a snapshot's input, `ref('x')` or `source('a', 'b')` (dbt 1.9+ YAML snapshots) */
  relation?: string;
  /** project-relative path of the YAML file */
  file: string;
  line: number;
}

export interface SourceTableDeclaration {
  name: string;
  /** set when its YAML config switches it on, which dbt_project.yml's `sources:` cannot undo */
  enabled?: true;
  identifier?: string;
  description: string;
  /** lake files behind the table: location, format, partitions */
  external?: { location: string; format: 'jsonl' | 'parquet' | 'csv'; partitions: string[]; fileGlob?: string };
  loadedAtField?: string;
  /** `config: { event_time }`: the column a microbatch model's batch filters this table on */
  eventTime?: string;
  /** dbt 1.10: a query returning the max loaded-at time, instead of a field */
  loadedAtQuery?: string;
  /** null: `freshness: null`, no check and nothing inherited */
  freshness?: FreshnessDeclaration | null;
  columns: ColumnDeclaration[];
  tests: TestDeclaration[];
  meta: Record<string, unknown>;
  tags: string[];
  line: number;
}

export interface FreshnessDeclaration {
  warnAfter?: { count: number; period: 'minute' | 'hour' | 'day' };
  errorAfter?: { count: number; period: 'minute' | 'hour' | 'day' };
  filter?: string;
}

export interface SourceDeclaration {
  name: string;
  description: string;
  schema?: string;
  database?: string;
  loader?: string;
  /** inherited by tables that do not set their own */
  loadedAtField?: string;
  /** `config: { event_time }`: the column a microbatch model's batch filters this table on */
  eventTime?: string;
  loadedAtQuery?: string;
  /** null: `freshness: null`, which its tables inherit unless they set their own */
  freshness?: FreshnessDeclaration | null;
  /** inherited by tables: e.g. a lake root with `{table}` placeholder is not supported; each table sets its own */
  tables: SourceTableDeclaration[];
  tags: string[];
  meta: Record<string, unknown>;
  file: string;
  line: number;
}

export interface SchemaFile {
  /** project-relative path */
  file: string;
  models: NodePatch[];
  seeds: NodePatch[];
  analyses: NodePatch[];
  snapshots: NodePatch[];
  sources: SourceDeclaration[];
  /** `unit_tests:` entries (absent in files parsed before unit tests existed) */
  unitTests?: UnitTestDeclaration[];
  /** `exposures:` entries (absent when the file has none) */
  exposures?: ExposureDeclaration[];
  /** dbt config keys without an effect, each `file:line: message` */
  warnings: string[];
}
