import type { RelationName } from '../../manifest/types.js';
import type { DialectCapabilities, PortableType, RelationKind, TableOptions, ViewOptions } from '../contract.js';
import { BaseDialect, SOURCE_ALIAS } from '../base-dialect.js';
import { KEYS_RECORDED_NOT_ENFORCED } from '../contract-sql.js';
import type { GrantMap } from '../grants-dialect.js';
import { configuredRedshiftGrants, readRedshiftGrants, REDSHIFT_DCL, redshiftShowGrants } from './redshift-grants.js';
import { redshiftFirstValues } from './redshift-listagg.js';
import { redshiftSafeCast } from './redshift-safe-cast.js';
import { tableAttributes } from './redshift-table-attributes.js';

/** Where and how `COPY` reads a CSV file staged in S3. */
export interface S3CopySource {
  /** `s3://bucket/key` of the staged file */
  uri: string;
  /** ARN of the IAM role the cluster assumes to read the bucket */
  iamRole: string;
  /** the bucket's region, when it differs from the cluster's */
  region?: string;
  delimiter?: string;
  /** the file's first line is a header to skip (default true) */
  header?: boolean;
}

/**
 * Redshift (PostgreSQL 8 lineage): transactional DDL, MERGE, DATEADD/DATEDIFF, LISTAGG.
 * It has no TRY_CAST, so `safe_cast` checks the text's shape before casting. Identifiers
 * fold to lower case even when quoted, views bind to what they read unless created WITH NO
 * SCHEMA BINDING, and tables take DISTSTYLE/DISTKEY/SORTKEY attributes.
 */
export class RedshiftDialect extends BaseDialect {
  readonly name = 'redshift';

  // CREATE OR REPLACE VIEW refuses a different column list, so a view is dropped and
  // created again in one transaction instead.
  override readonly capabilities: DialectCapabilities = {
    transactionalDdl: true,
    transactions: true,
    merge: true,
    createOrReplaceView: false,
    incrementalStrategies: ['append', 'merge', 'delete+insert', 'microbatch'],
    modelConfigKeys: ['dist', 'sort', 'sort_type', 'backup', 'bind'],
  };

  // An unsized VARCHAR is VARCHAR(256) on Redshift, which truncation errors make a trap.
  protected override readonly typeOverrides: Partial<Record<PortableType, string>> = {
    string: 'VARCHAR(65535)',
    json: 'SUPER',
  };
  protected override readonly escapeBackslashes = true;
  protected override readonly dateaddFunctions = true;

  // Redshift checks NOT NULL only; keys are recorded for the planner, CHECK is refused.
  override readonly constraintSupport = KEYS_RECORDED_NOT_ENFORCED;

  // Redshift folds every identifier to lower case, quoted or not (unless the cluster sets
  // enable_case_sensitive_identifier): `"Orders"` is `orders`. Folding here keeps names
  // Strata renders and names it reads back from the catalog the same.
  override quoteIdentifier(identifier: string): string {
    return super.quoteIdentifier(identifier.toLowerCase());
  }

  /** No TRY_CAST: numbers, booleans, dates and timestamps are checked before the cast. */
  override safeCast(expression: string, type: string): string {
    return redshiftSafeCast(expression, type);
  }

  // CURRENT_TIMESTAMP is a leader-node function, which fails in a query over tables.
  override currentTimestamp(): string {
    return 'getdate()';
  }

  /** dbt-redshift's metadata freshness: the start of the last insert into the table that Redshift recorded. */
  lastModifiedSql(relation: RelationName): string {
    return [
      'select',
      '  max(qd.start_time) as max_loaded_at,',
      `  ${this.currentTimestamp()} as snapshotted_at`,
      'from pg_class c',
      'join pg_namespace ns on ns.oid = c.relnamespace',
      'join sys_query_detail qd on qd.table_id = c.oid',
      "where qd.step_name = 'insert'",
      `  and upper(ns.nspname) = upper(${this.stringLiteral(relation.schema)})`,
      `  and upper(c.relname) = upper(${this.stringLiteral(relation.identifier)})`,
    ].join('\n');
  }

  // getdate() is already a timestamp in UTC (the session's zone unless set otherwise).
  override currentTimestampBackcompat(): string {
    return this.currentTimestamp();
  }

  override currentTimestampInUtcBackcompat(): string {
    return this.currentTimestamp();
  }

  // split_part takes no negative part: count the parts and index from the front. A literal
  // delimiter's width is known here (length() of a blank literal would be 0 on Redshift).
  override splitPart(text: string, delimiter: string, part: string): string {
    if (!/^\s*-\s*\d+\s*$/.test(part)) return super.splitPart(text, delimiter, part);
    const removed = `(length(${text}) - length(replace(${text}, ${delimiter}, '')))`;
    const literal = /^'((?:[^']|'')+)'$/.exec(delimiter.trim())?.[1]?.replace(/''/g, "'");
    const width = literal === undefined ? `length(${delimiter})` : String(literal.length);
    const delimiters = width === '1' ? removed : `${removed} / ${width}`;
    return super.splitPart(text, delimiter, `${delimiters} + 2 + (${part.replace(/\s+/g, '')})`);
  }

  // dbt-redshift's any_value (PostgreSQL's): any value of the group, deterministically.
  override anyValue(expression: string): string {
    return `min(${expression})`;
  }

  // Redshift cannot cast a boolean to text.
  override castBoolToText(expression: string): string {
    const words = `CASE WHEN ${expression} IS TRUE THEN 'true' WHEN ${expression} IS FALSE THEN 'false' END`;
    return this.cast(words, this.typeName('string'));
  }

  /** LISTAGG, cut after `limit` values by a regular expression (no array_agg on Redshift). */
  override stringAgg(expression: string, delimiter: string, orderBy?: string, limit?: string): string {
    const all = super.stringAgg(expression, delimiter, orderBy);
    return limit === undefined ? all : redshiftFirstValues(all, delimiter, limit);
  }

  override arrayConstruct(elements: string[]): string {
    return `array(${elements.join(', ')})`;
  }

  override arrayAppend(array: string, element: string): string {
    return this.arrayConcat(array, this.arrayConstruct([element]));
  }

  override arrayConcat(first: string, second: string): string {
    return `array_concat(${first}, ${second})`;
  }

  // CREATE SCHEMA takes no database: schemas are created in the connected database.
  override createSchema(schema: string, _database?: string): string {
    return super.createSchema(schema);
  }

  /** CTAS with the model's `dist`, `sort`, `sort_type` and `backup` configs. */
  override createTableAs(relation: RelationName, selectSql: string, options?: TableOptions): string {
    const attributes = tableAttributes(options?.extra ?? {}, (c) => this.quoteIdentifier(c));
    if (attributes.length === 0) return super.createTableAs(relation, selectSql, options);
    return [`CREATE TABLE ${this.renderRelation(relation)}`, ...attributes, `AS (\n${selectSql}\n)`].join('\n');
  }

  /** A contracted table: its column definitions, then the `dist`/`sort` attributes. */
  override createTableWithDefinitions(relation: RelationName, definitions: string[], options?: TableOptions): string {
    const attributes = tableAttributes(options?.extra ?? {}, (c) => this.quoteIdentifier(c));
    return [super.createTableWithDefinitions(relation, definitions), ...attributes].join('\n');
  }

  /** `bind: false` makes a late-binding view: it survives a rebuild of what it reads. */
  override createViewAs(relation: RelationName, selectSql: string, options?: ViewOptions): string {
    const view = super.createViewAs(relation, selectSql);
    return options?.extra?.['bind'] === false ? `${view} WITH NO SCHEMA BINDING` : view;
  }

  // Bound views depend on what they read: without CASCADE a table with a view over it
  // could never be rebuilt. Dependent views are dropped and rebuilt by their own models
  // (late-binding views are not dependents and stay).
  override dropRelation(relation: RelationName, kind: RelationKind): string {
    return `${super.dropRelation(relation, kind)} CASCADE`;
  }

  // Redshift's MERGE takes no target alias, and needs both WHEN clauses: with only key
  // columns, the keys are set to themselves.
  override merge(target: RelationName, source: RelationName, uniqueKey: string[], columns: string[]): string {
    const keys = new Set(uniqueKey.map((k) => k.toLowerCase()));
    const updates = columns.filter((c) => !keys.has(c.toLowerCase()));
    const set = (updates.length > 0 ? updates : uniqueKey).map(
      (c) => `${this.quoteIdentifier(c)} = ${SOURCE_ALIAS}.${this.quoteIdentifier(c)}`,
    );
    const values = columns.map((c) => `${SOURCE_ALIAS}.${this.quoteIdentifier(c)}`).join(', ');
    return [
      `MERGE INTO ${this.renderRelation(target)}`,
      `USING ${this.renderRelation(source)} AS ${SOURCE_ALIAS}`,
      `ON (${this.tableKeyMatch(target, uniqueKey)})`,
      `WHEN MATCHED THEN UPDATE SET ${set.join(', ')}`,
      `WHEN NOT MATCHED THEN INSERT (${this.columnList(columns)}) VALUES (${values})`,
    ].join('\n');
  }

  // Redshift's DELETE takes no alias; it joins through USING instead.
  override deleteMatching(target: RelationName, source: RelationName, uniqueKey: string[]): string {
    const table = this.renderRelation(target);
    const using = `${this.renderRelation(source)} AS ${SOURCE_ALIAS}`;
    return `DELETE FROM ${table}\nUSING ${using}\nWHERE ${this.tableKeyMatch(target, uniqueKey)}`;
  }

  /** Load a CSV file staged in S3 into an existing table (header row skipped). */
  copyCsvFromS3(target: RelationName, columns: string[], source: S3CopySource): string {
    const lines = [
      `COPY ${this.renderRelation(target)} (${this.columnList(columns)})`,
      `FROM ${this.quoteString(source.uri)}`,
      `IAM_ROLE ${this.quoteString(source.iamRole)}`,
      `FORMAT AS CSV DELIMITER ${this.quoteString(source.delimiter ?? ',')}` +
        (source.header === false ? '' : ' IGNOREHEADER 1'),
      // Empty fields are nulls, as in the portable seed load; blank ones are kept as text.
      'EMPTYASNULL',
    ];
    if (source.region) lines.push(`REGION ${this.quoteString(source.region)}`);
    return lines.join('\n');
  }

  /** Who holds which privilege on `relation` (dbt's `grants`): users, groups and roles, see redshift-grants.ts. */
  showGrants(relation: RelationName): string {
    return redshiftShowGrants(this, relation);
  }

  override readGrants(rows: ReadonlyArray<Record<string, unknown>>): GrantMap {
    return readRedshiftGrants(rows);
  }

  /** Grantees as `user:`, `group:` or `role:` names, as dbt-redshift compares them. */
  override configuredGrants(grants: GrantMap): GrantMap {
    return configuredRedshiftGrants(grants);
  }

  protected override readonly dclStyle = REDSHIFT_DCL;

  /** `"schema"."table"."k" = strata_source."k" AND ...`: the target named in full, unaliased. */
  private tableKeyMatch(target: RelationName, uniqueKey: string[]): string {
    const table = this.renderRelation(target);
    return uniqueKey
      .map((k) => `${table}.${this.quoteIdentifier(k)} = ${SOURCE_ALIAS}.${this.quoteIdentifier(k)}`)
      .join(' AND ');
  }
}
