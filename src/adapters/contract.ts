/**
 * The adapter contract. A Dialect is pure SQL generation (testable without a database);
 * a Connection is the small I/O surface. Optional abilities are separate interfaces with
 * type guards rather than optional methods.
 */
import type { Constraint, ConstraintType, IncrementalStrategy, RelationName } from '../manifest/types.js';

export type RelationKind = 'table' | 'view' | 'external';

/** A relation that exists in the warehouse. */
export interface ExistingRelation extends RelationName {
  kind: RelationKind;
}

export interface ColumnDescription {
  name: string;
  /** the warehouse's own type name, e.g. `VARCHAR`, `BIGINT` */
  dataType: string;
}

/** Portable type names models ask for through `type_*()` macros. */
export type PortableType =
  'string' | 'integer' | 'bigint' | 'float' | 'numeric' | 'boolean' | 'timestamp' | 'date' | 'json';

export type DatePart = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

/** Capability flags; the base dialect gives conservative defaults. */
export interface DialectCapabilities {
  /** DDL can be rolled back (DuckDB, PostgreSQL/Redshift): swaps run in one transaction */
  transactionalDdl: boolean;
  /** multi-statement DML transactions exist (not on Athena): incremental steps run in one */
  transactions: boolean;
  /** `MERGE INTO` is available */
  merge: boolean;
  /** `CREATE OR REPLACE VIEW` is available */
  createOrReplaceView: boolean;
  /** incremental strategies this warehouse supports */
  incrementalStrategies: ReadonlyArray<IncrementalStrategy>;
  /** a microbatch model's batches may write the table at once (no serialization conflicts, no swap) */
  concurrentBatches?: boolean;
  /**
   * `CREATE OR REPLACE TABLE ... AS` swaps the new table in atomically (Snowflake): tables
   * are replaced in one statement instead of built beside and renamed.
   */
  createOrReplaceTable?: boolean;
  /** model config keys only this warehouse acts on (Redshift's `dist`, Snowflake's `transient`) */
  modelConfigKeys?: readonly string[];
}

/**
 * How a warehouse treats a constraint in table DDL (dbt's vocabulary): it checks it, it
 * records it without checking, or it does not take it (then it is left out of the DDL).
 */
export type ConstraintSupport = 'enforced' | 'not_enforced' | 'not_supported';

/** Type comparison and constraint DDL for model contracts (`contract-sql.ts` has the defaults). */
export interface ContractDialect {
  readonly constraintSupport: Readonly<Record<Exclude<ConstraintType, 'custom'>, ConstraintSupport>>;
  /** One name per type (lower case, no size), so that `int` and `INTEGER` compare equal. */
  normalizeDataType(type: string): string;
  /** A contract's type as written in the DDL when `alias_types` is on. */
  aliasDataType(type: string): string;
  /** A column constraint as DDL; a foreign key's `to` is already a rendered relation. */
  renderColumnConstraint(constraint: Constraint): string | undefined;
  /** A table constraint as DDL (undefined: not a table constraint, e.g. not_null). */
  renderModelConstraint(constraint: Constraint): string | undefined;
}

/** Pure SQL generation for one warehouse. */
export interface Dialect extends CrossDatabaseFunctions, ContractDialect {
  /** adapter type as written in profiles.yml: `duckdb`, `athena`, `redshift`, `snowflake` */
  readonly name: string;
  readonly capabilities: DialectCapabilities;

  quoteIdentifier(identifier: string): string;
  /** Render a relation: `"schema"."identifier"` or with the database. */
  renderRelation(relation: RelationName): string;
  /** `--empty`: `from` (a rendered relation or file reader) as a subquery of no rows with the same columns. */
  emptyRead(from: string, identifier: string): string;
  /** `strata clone`: a zero-copy clone of table `source` at `target`, or undefined where the warehouse has none. */
  cloneTable(target: RelationName, source: RelationName, options?: TableOptions): string | undefined;

  /** `CREATE SCHEMA IF NOT EXISTS`. */
  createSchema(schema: string, database?: string): string;
  /** An empty table with explicit column types (portable seed loading). */
  createTable(relation: RelationName, columns: ColumnDescription[]): string;
  createTableAs(relation: RelationName, selectSql: string, options?: TableOptions): string;
  /**
   * An empty table from column definitions and table constraints as DDL (a model with an
   * enforced contract), with the table options `createTableAs` takes.
   */
  createTableWithDefinitions(relation: RelationName, definitions: string[], options?: TableOptions): string;
  createViewAs(relation: RelationName, selectSql: string, options?: ViewOptions): string;
  /** `DROP TABLE|VIEW IF EXISTS`: dropping a missing relation is not an error. */
  dropRelation(relation: RelationName, kind: RelationKind): string;
  /** Rename keeps the schema: only the identifier changes. */
  renameRelation(from: RelationName, toIdentifier: string, kind: RelationKind): string;
  insertInto(target: RelationName, source: RelationName, columns: string[]): string;
  /** A multi-row `INSERT ... VALUES`; each row holds SQL literals already rendered. */
  insertValues(target: RelationName, columns: string[], rows: string[][]): string;
  /** MERGE on unique key columns, updating `updateColumns` and inserting `insertColumns`. */
  merge(target: RelationName, source: RelationName, uniqueKey: string[], columns: string[]): string;
  /**
   * A batch bound of a microbatch model, compared with an `event_time` column of any
   * timestamp type or a date: the same instant whatever the session's time zone.
   */
  eventTimeLiteral(instant: Date): string;
  /** `(subquery)` with the alias where the warehouse needs one on a subquery in FROM. */
  aliasSubquery(subquery: string, alias: string): string;
  /** The delete half of delete+insert: remove target rows whose key appears in source. */
  deleteMatching(target: RelationName, source: RelationName, uniqueKey: string[]): string;
  /**
   * `UPDATE target SET col = source.col, ... FROM source WHERE condition`, the target aliased
   * `strata_target` and the source `strata_source` in `condition` (a snapshot closing rows).
   */
  updateFrom(target: RelationName, source: RelationName, columns: string[], condition: string): string;
  addColumn(relation: RelationName, column: ColumnDescription): string;
  dropColumn(relation: RelationName, column: string): string;
  beginTransaction(): string;
  commitTransaction(): string;
  rollbackTransaction(): string;
}

/**
 * The SQL behind the cross-database macros (`BUILTIN_MACROS`). Arguments are SQL
 * expressions unless named otherwise; each returns one SQL expression.
 */
export interface CrossDatabaseFunctions {
  /** a string literal with the warehouse's escapes */
  quoteString(value: string): string;
  typeName(type: PortableType): string;
  /** `quoteString` without the quotes: text to place inside a literal */
  escapeSingleQuotes(value: string): string;
  stringLiteral(value: string): string;
  cast(expression: string, type: string): string;
  /** a cast that yields NULL instead of failing */
  safeCast(expression: string, type: string): string;
  /** `'true'` / `'false'` / NULL */
  castBoolToText(expression: string): string;
  dateTrunc(part: DatePart, expression: string): string;
  dateAdd(part: DatePart, amount: string, expression: string): string;
  /** the number of `part` boundaries crossed from `start` to `end` */
  dateDiff(part: DatePart, start: string, end: string): string;
  /** the last day of the period holding `expression`, as a date */
  lastDay(expression: string, part: DatePart): string;
  /** a date literal from a valid year, month and day */
  dateFromParts(year: number, month: number, day: number): string;
  currentTimestamp(): string;
  /** the current timestamp as `typeName('timestamp')` */
  currentTimestampBackcompat(): string;
  /** the current UTC timestamp as `typeName('timestamp')` */
  currentTimestampInUtcBackcompat(): string;
  /** hex md5 of an expression cast to string */
  hash(expression: string): string;
  /** a stable key over several expressions (nulls made explicit) */
  surrogateKey(expressions: string[]): string;
  concat(expressions: string[]): string;
  length(expression: string): string;
  /** 1-based position of `substring` in `text`, 0 when absent */
  position(substring: string, text: string): string;
  replace(expression: string, search: string, replacement: string): string;
  /** the last `length` characters ('' for 0, all of `text` when longer) */
  right(text: string, length: string): string;
  /** part `part` (1-based; negative counts from the end) of `text` split on `delimiter`; '' past the end */
  splitPart(text: string, delimiter: string, part: string): string;
  anyValue(expression: string): string;
  boolOr(expression: string): string;
  /** non-null values joined by `delimiter`, ordered by `orderBy`, at most `limit` of them */
  stringAgg(expression: string, delimiter: string, orderBy?: string, limit?: string): string;
  /** an array of the elements; with none, an empty array of `elementType` */
  arrayConstruct(elements: string[], elementType: string): string;
  arrayAppend(array: string, element: string): string;
  arrayConcat(first: string, second: string): string;
}

/**
 * A warehouse that writes Parquet files itself (DuckDB's COPY): lake tables live in a
 * local directory and are read back through a view.
 */
export interface LocalLakeDialect {
  /** Write a query's rows as Parquet under `directory` (hive layout when partitioned). */
  copyToParquet(selectSql: string, directory: string, partitionBy: string[]): string;
  /** A SELECT over every Parquet file below `directory`, partition columns included. */
  selectFromParquet(directory: string): string;
}

export function canWriteLocalLake(dialect: Dialect): dialect is Dialect & LocalLakeDialect {
  return typeof (dialect as Partial<LocalLakeDialect>).copyToParquet === 'function';
}

/** Options for create-table-as; adapters ignore those they do not support. */
export interface TableOptions {
  /** a transient/temporary build relation */
  temporary?: boolean;
  /** `CREATE OR REPLACE` (dialects with `capabilities.createOrReplaceTable`) */
  replace?: boolean;
  partitionBy?: string[];
  /**
   * Column definitions and table constraints for a CREATE OR REPLACE TABLE (...) AS (a
   * contracted model on a warehouse with `createOrReplaceTable`)
   */
  definitions?: string[];
  /** adapter-specific (e.g. Redshift dist/sort, Athena external_location/format) */
  extra?: Record<string, unknown>;
}

/** Options for create-view-as; adapters ignore those they do not support. */
export interface ViewOptions {
  /** adapter-specific (e.g. Redshift `bind: false` for a late-binding view) */
  extra?: Record<string, unknown>;
}

export interface QueryResult {
  columns: ColumnDescription[];
  /** rows as plain JS values (bigint stays bigint, timestamps are Date) */
  rows: Array<Record<string, unknown>>;
}

export interface ExecuteResult {
  /** rows inserted/updated/deleted when the warehouse reports it */
  rowsAffected?: number;
}

/** One session on a warehouse. The runner gives each worker thread its own. */
export interface Connection {
  execute(sql: string): Promise<ExecuteResult>;
  query(sql: string): Promise<QueryResult>;
  /** Relations in a schema (empty when the schema does not exist). */
  listRelations(schema: string, database?: string): Promise<ExistingRelation[]>;
  getColumns(relation: RelationName): Promise<ColumnDescription[]>;
  /** Stop the statement in flight, if any (Ctrl-C). */
  cancel(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A CSV file Strata has already read strictly (see `readSeedFile`), in a form any RFC 4180
 * reader reads as Strata did: double-quote quoting with doubled quotes inside, one kind of
 * line end, empty unquoted fields are NULL. A bulk loader reads it with exactly these
 * settings and no detection of its own.
 */
export interface CheckedCsvFile {
  path: string;
  delimiter: string;
  /** the first line is a header to skip */
  header: boolean;
}

/** A warehouse that can load a CSV file by itself (DuckDB's read_csv). */
export interface NativeCsvLoader {
  /** Create (or replace) `relation` with `columns` from the file's rows; resolves to the number of rows loaded. */
  loadCsv(relation: RelationName, file: CheckedCsvFile, columns: ColumnDescription[]): Promise<number>;
}

/** How Athena builds a seed table from a CSV file it reads with Strata's reader. */
export interface CsvLoadOptions {
  /** column -> warehouse type, overriding detection */
  columnTypes: Record<string, string>;
  delimiter: string;
}

export function canLoadCsvNatively(connection: Connection): connection is Connection & NativeCsvLoader {
  return typeof (connection as Partial<NativeCsvLoader>).loadCsv === 'function';
}

/** A warehouse that bulk-loads a CSV file into an existing table (Redshift: stage in S3, then COPY). */
export interface CsvCopier {
  /**
   * Load every row of the file (empty fields null) into `columns` of `relation`; resolves
   * to the statement that loaded it, for the run's record.
   */
  copyCsv(relation: RelationName, columns: string[], file: CheckedCsvFile): Promise<string>;
}

export function canCopyCsv(connection: Connection): connection is Connection & CsvCopier {
  return typeof (connection as Partial<CsvCopier>).copyCsv === 'function';
}

/** A driver that binds many rows to one INSERT (Snowflake's array binding): seeds load without SQL literals. */
export interface BoundRowInserter {
  /** Insert `rows` (CSV text, null for empty) into `columns` of `relation`; the warehouse converts the text. */
  insertRows(relation: RelationName, columns: string[], rows: Array<Array<string | null>>): Promise<number>;
}

export function canInsertBoundRows(connection: Connection): connection is Connection & BoundRowInserter {
  return typeof (connection as Partial<BoundRowInserter>).insertRows === 'function';
}

/** The target as resolved from profiles.yml, with secrets still inside. */
export interface TargetConfig {
  /** the target's name in the profile, e.g. `dev` */
  name: string;
  /** adapter type */
  type: string;
  schema: string;
  database?: string;
  threads: number;
  /** every other key of the target as written (path, host, role...) */
  settings: Record<string, unknown>;
}

/** A warehouse: its dialect and a way to open connections. */
export interface Adapter {
  readonly dialect: Dialect;
  readonly target: TargetConfig;
  /** Open one connection; the runner opens up to `threads` of them. */
  connect(): Promise<Connection>;
  /** Release shared resources (e.g. an embedded database instance). */
  close(): Promise<void>;
  /**
   * Between the runs of a long-lived process: let other processes at what this one holds
   * exclusively (an embedded database file); the next `connect()` takes it again.
   */
  release?(): Promise<void>;
  /** As `release`, but only when another process is waiting for what this one holds. */
  releaseIfAwaited?(): Promise<void>;
  /**
   * For a process running back to back: the maintenance an embedded database does inside a run
   * (DuckDB's checkpoint) waits for `checkpointIfDue` between runs instead.
   */
  deferCheckpoints?(): Promise<void>;
  /** Between runs (`idle`: with nothing new to run): the deferred maintenance, when due; what it did. */
  checkpointIfDue?(idle?: boolean): Promise<{ walBytes: number; seconds: number } | undefined>;
}

/** How a setting's value is written in profiles.yml (text from env_var() counts for numbers and booleans). */
export type SettingType = 'string' | 'number' | 'boolean' | 'enum' | 'map' | 'list';

/**
 * One setting an adapter reads from a target, declared as data: its type, default, bounds
 * and whether it is secret. The same declaration checks profiles.yml when it is read (with
 * the line) and reads a target into typed values when the adapter connects.
 */
export interface SettingSpec {
  name: string;
  type: SettingType;
  required: boolean;
  /** a credential: its value is never printed, and warehouse messages are scrubbed of it */
  secret?: boolean;
  /** the value read when the target does not set it */
  default?: string | number | boolean;
  description: string;
  /** `enum`: the words it may be (compared without case) */
  choices?: readonly string[];
  /** `number`: the smallest and largest values allowed */
  min?: number;
  max?: number;
  /**
   * `string`: refuse a number. Otherwise a number counts as its text, since YAML reads
   * `password: 123456` as a number; a name that cannot be digits says so here.
   */
  textOnly?: boolean;
  /**
   * A check of a written value beyond its type, run when profiles.yml is read (so before
   * any work) and again when a target is read; returns what is wrong and the fix, or undefined.
   * `name` is the setting's, for a check shared by several settings.
   */
  check?: (
    value: unknown,
    context: { projectRoot: string; name: string },
  ) => { message: string; hint: string } | undefined;
}

/**
 * Everything a target of one adapter type may set: the settings Strata reads, and the
 * keys the matching dbt adapter accepts that Strata does not act on (each a warning).
 */
export interface TargetSettingsDeclaration {
  settings: readonly SettingSpec[];
  /** dbt adapter keys without an effect in Strata; a value names the setting Strata reads instead */
  dbtOnly: Readonly<Record<string, string | null>>;
  /**
   * dbt's spelling of a setting Strata reads under its own name (dbt-redshift's `dbname`
   * for `database`): read as that setting, so a migrated profile connects where it did.
   */
  aliases?: Readonly<Record<string, string>>;
  /** `target.database` of a target that sets no `database` (dbt-duckdb: the file's stem) */
  defaultDatabase?: (target: TargetConfig) => string | undefined;
}

/** What an adapter module registers: its settings as data, and a factory. */
export interface AdapterFactory {
  type: string;
  /** settings this adapter reads from a target; `secret` ones are never printed */
  settings: readonly SettingSpec[];
  create(target: TargetConfig, projectRoot: string): Promise<Adapter>;
}
