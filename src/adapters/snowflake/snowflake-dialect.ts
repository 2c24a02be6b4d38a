import type { RelationName } from '../../manifest/types.js';
import type { DialectCapabilities, PortableType, RelationKind, TableOptions, ViewOptions } from '../contract.js';
import type { GrantMap } from '../grants-dialect.js';
import { readSnowflakeGrants, SNOWFLAKE_DCL } from './snowflake-grants.js';
import { BaseDialect } from '../base-dialect.js';
import { KEYS_RECORDED_NOT_ENFORCED } from '../contract-sql.js';

/** Snowflake's type synonyms: every fixed-point type is NUMBER, every float FLOAT, every text VARCHAR. */
const SNOWFLAKE_TYPE_SYNONYMS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    ['int', 'integer', 'bigint', 'smallint', 'tinyint', 'byteint', 'decimal', 'numeric'].map((t) => [t, 'number']),
  ),
  ...Object.fromEntries(['float4', 'float8', 'double', 'double precision', 'real'].map((t) => [t, 'float'])),
  ...Object.fromEntries(
    ['string', 'text', 'char', 'character', 'nchar', 'nvarchar', 'character varying'].map((t) => [t, 'varchar']),
  ),
  ...Object.fromEntries(['timestamp', 'datetime', 'timestamp without time zone'].map((t) => [t, 'timestamp_ntz'])),
  timestamptz: 'timestamp_tz',
  'timestamp with time zone': 'timestamp_tz',
  bool: 'boolean',
};

/** Names Snowflake would accept unquoted, and so stores in upper case. */
const UNQUOTED_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/**
 * Snowflake. Unquoted identifiers fold to upper case, so a name written as an unquoted
 * identifier is quoted in its folded form: `orders` becomes "ORDERS", the same table a
 * user's `select * from orders` finds. Names that need quotes keep their case.
 * CREATE OR REPLACE TABLE swaps atomically, so tables are replaced in one statement;
 * they are TRANSIENT (no Fail-safe storage) unless `transient: false`, as in dbt. DDL
 * commits implicitly, and TRY_CAST accepts only text: `safe_cast` casts to VARCHAR first.
 */
export class SnowflakeDialect extends BaseDialect {
  readonly name = 'snowflake';

  override readonly capabilities: DialectCapabilities = {
    transactionalDdl: false,
    transactions: true,
    merge: true,
    createOrReplaceView: true,
    incrementalStrategies: ['append', 'merge', 'delete+insert', 'microbatch'],
    concurrentBatches: true,
    createOrReplaceTable: true,
    modelConfigKeys: ['transient', 'copy_grants'],
  };

  protected override readonly typeOverrides: Partial<Record<PortableType, string>> = {
    float: 'FLOAT',
    timestamp: 'TIMESTAMP_NTZ',
    json: 'VARIANT',
  };
  protected override readonly safeCastFunction = 'TRY_CAST';
  protected override readonly escapeBackslashes = true;
  protected override readonly subqueryNeedsAlias = false;
  protected override readonly qualifyRenameTarget = true;
  protected override readonly dateaddFunctions = true;

  override quoteIdentifier(identifier: string): string {
    return super.quoteIdentifier(UNQUOTED_IDENTIFIER.test(identifier) ? identifier.toUpperCase() : identifier);
  }

  // Snowflake checks NOT NULL only; keys are recorded, CHECK is refused.
  override readonly constraintSupport = KEYS_RECORDED_NOT_ENFORCED;
  protected override readonly typeSynonyms = SNOWFLAKE_TYPE_SYNONYMS;

  // With definitions (a contracted model) the columns, types and constraints come first:
  // Snowflake's CTAS takes them, so the table is still replaced in one statement.
  override createTableAs(relation: RelationName, selectSql: string, options?: TableOptions): string {
    const replace = options?.replace ? 'OR REPLACE ' : '';
    const columns = options?.definitions ? ` (\n${options.definitions.map((d) => `  ${d}`).join(',\n')}\n)` : '';
    const table = `${this.transient(options)}TABLE ${this.renderRelation(relation)}`;
    const copyGrants = options?.replace ? this.copyGrants(options) : '';
    return `CREATE ${replace}${table}${columns}${copyGrants} AS (\n${selectSql}\n)`;
  }

  /** A view replaced in place keeps the grants of the view it replaces with `copy_grants: true`, as a table does. */
  override createViewAs(relation: RelationName, selectSql: string, options?: ViewOptions): string {
    return `CREATE OR REPLACE VIEW ${this.renderRelation(relation)}${this.copyGrants(options)} AS (\n${selectSql}\n)`;
  }

  /** dbt-snowflake's `copy_grants` (default false): what replaces a relation keeps the grants of what it replaces. */
  private copyGrants(options?: TableOptions | ViewOptions): string {
    return options?.extra?.['copy_grants'] === true ? ' COPY GRANTS' : '';
  }

  override createTableWithDefinitions(relation: RelationName, definitions: string[], options?: TableOptions): string {
    return super
      .createTableWithDefinitions(relation, definitions)
      .replace(/^CREATE /, `CREATE ${this.transient(options)}`);
  }

  private transient(options?: TableOptions): string {
    return options?.extra?.['transient'] === false ? '' : 'TRANSIENT ';
  }

  /** Zero-copy: the clone shares the source's storage until either changes. Transient unless configured not. */
  override cloneTable(target: RelationName, source: RelationName, options?: TableOptions): string {
    const table = `${this.transient(options)}TABLE ${this.renderRelation(target)}`;
    return `CREATE OR REPLACE ${table} CLONE ${this.renderRelation(source)}`;
  }

  // Spatial types are made by functions, not casts.
  override cast(expression: string, type: string): string {
    const spatial = spatialType(type);
    return spatial ? `to_${spatial}(${expression})` : super.cast(expression, type);
  }

  // TRY_CAST takes only text, and has no VARIANT target: a VARIANT holds any value anyway.
  override safeCast(expression: string, type: string): string {
    const spatial = spatialType(type);
    if (spatial) return `try_to_${spatial}(${expression})`;
    if (type.trim().toUpperCase() === 'VARIANT') return this.cast(expression, type);
    return super.safeCast(`CAST(${expression} AS VARCHAR)`, type);
  }

  // CURRENT_TIMESTAMP is in the session's time zone; dbt's is UTC.
  override currentTimestamp(): string {
    return `convert_timezone('UTC', current_timestamp())`;
  }

  override currentTimestampInUtcBackcompat(): string {
    return this.cast(this.currentTimestamp(), this.typeName('timestamp'));
  }

  /** dbt-snowflake's metadata freshness: the table's `last_altered` in its database's information schema. */
  lastModifiedSql(relation: RelationName): string {
    const schema = relation.database
      ? `${this.quoteIdentifier(relation.database)}.information_schema`
      : 'information_schema';
    return [
      'select',
      '  last_altered as max_loaded_at,',
      `  ${this.currentTimestamp()} as snapshotted_at`,
      `from ${schema}.tables`,
      `where upper(table_schema) = upper(${this.stringLiteral(relation.schema)})`,
      `  and upper(table_name) = upper(${this.stringLiteral(relation.identifier)})`,
    ].join('\n');
  }

  override boolOr(expression: string): string {
    return `boolor_agg(${expression})`;
  }

  override arrayConstruct(elements: string[]): string {
    return `array_construct(${elements.join(', ')})`;
  }

  protected override readonly dclStyle = SNOWFLAKE_DCL;

  /** `show grants on table ...`: who holds which privilege on the relation (dbt's `grants`). */
  showGrants(relation: RelationName, kind: RelationKind): string {
    return `show grants on ${SNOWFLAKE_DCL.objectKeyword!(kind)} ${this.renderRelation(relation)}`;
  }

  override readGrants(rows: ReadonlyArray<Record<string, unknown>>): GrantMap {
    return readSnowflakeGrants(rows);
  }
}

/** `geography` / `geometry` for Snowflake's spatial types, otherwise undefined. */
function spatialType(type: string): 'geography' | 'geometry' | undefined {
  const name = type.trim().toLowerCase();
  return name === 'geography' || name === 'geometry' ? name : undefined;
}
