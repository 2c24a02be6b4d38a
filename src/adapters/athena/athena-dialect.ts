import type { RelationName } from '../../manifest/types.js';
import type {
  ColumnDescription,
  DatePart,
  DialectCapabilities,
  PortableType,
  RelationKind,
  TableOptions,
} from '../contract.js';
import { StrataError } from '../../errors/strata-error.js';
import { BaseDialect } from '../base-dialect.js';
import type { FileRestrictingDialect, FolderPartitions } from '../file-restricted-source.js';
import { formatEventTime } from '../../microbatch/batch-window.js';

/**
 * Athena (engine v3 = Trino SQL). Queries and CTAS are Trino, but table DDL (CREATE
 * SCHEMA, DROP TABLE, ALTER TABLE ADD COLUMNS) goes to Hive and wants backticks. No
 * multi-statement transactions. Strata writes Hive tables (Parquet on S3), where MERGE
 * and DELETE do not exist (Athena has them for Iceberg tables only): incremental models
 * append, overwrite the partitions their new rows touch, or (merge, delete+insert) rebuild
 * the table with the new rows in place of those sharing their key, swapped in like a table.
 * Asked for MERGE or DELETE, this dialect refuses with an error.
 */
export class AthenaDialect extends BaseDialect implements FileRestrictingDialect {
  readonly name = 'athena';

  override readonly capabilities: DialectCapabilities = {
    transactionalDdl: false,
    transactions: false,
    merge: false,
    createOrReplaceView: true,
    incrementalStrategies: ['append', 'merge', 'delete+insert', 'insert_overwrite', 'microbatch'],
  };

  protected override readonly typeOverrides: Partial<Record<PortableType, string>> = {
    string: 'varchar',
    integer: 'integer',
    bigint: 'bigint',
    float: 'double',
    numeric: 'decimal(38,6)',
    boolean: 'boolean',
    timestamp: 'timestamp(3)',
    date: 'date',
    // Parquet through the Hive connector cannot store Trino's json type; JSON text it can.
    json: 'varchar',
  };
  protected override readonly safeCastFunction = 'try_cast';

  // Athena's Hive tables are written by CTAS: no column DDL, so no constraint at all.
  override readonly constraintSupport = {
    check: 'not_supported',
    not_null: 'not_supported',
    unique: 'not_supported',
    primary_key: 'not_supported',
    foreign_key: 'not_supported',
  } as const;
  // Trino's names; Hive's `string`, `int` and `float` are the same types.
  protected override readonly typeSynonyms: Readonly<Record<string, string>> = {
    int: 'integer',
    int4: 'integer',
    int8: 'bigint',
    string: 'varchar',
    text: 'varchar',
    'character varying': 'varchar',
    char: 'varchar',
    float: 'real',
    float4: 'real',
    float8: 'double',
    'double precision': 'double',
    numeric: 'decimal',
    bool: 'boolean',
    'timestamp without time zone': 'timestamp',
  };
  protected override readonly qualifyRenameTarget = true;
  protected override readonly subqueryNeedsAlias = false;

  // A schema is a Glue database, created through Athena's Hive DDL.
  override createSchema(schema: string, _database?: string): string {
    return `CREATE SCHEMA IF NOT EXISTS ${this.hiveName(schema)}`;
  }

  /** CTAS with Athena's table properties: Parquet, an S3 location, partitions. */
  override createTableAs(relation: RelationName, selectSql: string, options?: TableOptions): string {
    const properties = [`format = 'PARQUET'`];
    const location = options?.extra?.['location'];
    if (typeof location === 'string') properties.push(`external_location = ${this.quoteString(location)}`);
    if (options?.partitionBy?.length) {
      properties.push(`partitioned_by = ARRAY[${options.partitionBy.map((c) => this.quoteString(c)).join(', ')}]`);
    }
    return `CREATE TABLE ${this.renderRelation(relation)}\nWITH (${properties.join(', ')}) AS\n${selectSql}`;
  }

  // Trino's grammar has no WITH inside a parenthesised query: `AS (with x as ...)` is a
  // syntax error, so the select follows AS bare, on its own lines (a trailing comment
  // then ends the statement harmlessly).
  override createViewAs(relation: RelationName, selectSql: string): string {
    return `CREATE OR REPLACE VIEW ${this.renderRelation(relation)} AS\n${selectSql}`;
  }

  override dropRelation(relation: RelationName, kind: RelationKind): string {
    if (kind === 'view') return super.dropRelation(relation, kind);
    return `DROP TABLE IF EXISTS ${this.hiveRelation(relation)}`;
  }

  // Hive DDL spells types its own way: string, int, float, timestamp without a precision.
  override addColumn(relation: RelationName, column: ColumnDescription): string {
    const added = `${this.hiveName(column.name)} ${hiveType(column.dataType)}`;
    return `ALTER TABLE ${this.hiveRelation(relation)} ADD COLUMNS (${added})`;
  }

  /**
   * Athena and Trino's Hive connector expose the file a row comes from as `"$path"`; the
   * partition columns' values go in the filter too, so only those partitions are listed.
   */
  readRelationFiles(relation: string, files: readonly string[] | undefined, folders: readonly FolderPartitions[]) {
    if (files?.length === 0) return this.emptyRead(relation, 'files');
    const partitions = folders
      .filter((folder) => folder.length > 0)
      .map((folder) => folder.map(([column, value]) => `${this.quoteIdentifier(column)} = ${this.quoteString(value)}`))
      .map((values) => `(${values.join(' AND ')})`);
    const where = [
      ...(partitions.length > 0 ? [`(${partitions.join(' OR ')})`] : []),
      ...(files ? [`"$path" IN (${files.map((file) => this.quoteString(file)).join(', ')})`] : []),
    ];
    return where.length > 0 ? `(SELECT * FROM ${relation} WHERE ${where.join(' AND ')})` : relation;
  }

  override dropColumn(_relation: RelationName, column: string): string {
    throw new StrataError(`Athena cannot drop column "${column}": Hive tables only support REPLACE COLUMNS.`, {
      hint: 'Use on_schema_change: append_new_columns, or run with --full-refresh.',
    });
  }

  // Strata writes Hive tables, which have no MERGE or DELETE (Athena has them for Iceberg
  // tables only): incremental models rebuild the table instead of asking for either.
  override merge(target: RelationName): string {
    throw hiveRefusal('MERGE INTO', this.renderRelation(target));
  }

  // Trino compares no text with a timestamp: a typed literal, naive because Athena's session
  // time zone is always UTC, which also reads an aware column or a date at the same instant.
  override eventTimeLiteral(instant: Date): string {
    return `TIMESTAMP '${formatEventTime(instant).slice(0, -'+00:00'.length)}'`;
  }

  override deleteMatching(target: RelationName): string {
    throw hiveRefusal('DELETE FROM', this.renderRelation(target));
  }

  override updateFrom(target: RelationName): string {
    throw hiveRefusal('UPDATE', this.renderRelation(target));
  }

  override dateAdd(part: DatePart, amount: string, expression: string): string {
    return `date_add('${part}', ${amount}, ${expression})`;
  }

  // Trino's date_diff counts whole units elapsed (Jan 15 -> May 1 is 3 months); Redshift,
  // Snowflake and DuckDB count the boundaries crossed (4). Truncating both ends first
  // gives the boundary count everywhere.
  override dateDiff(part: DatePart, start: string, end: string): string {
    return this.truncatedDateDiff(part, start, end);
  }

  // CURRENT_TIMESTAMP carries a time zone, which Hive tables cannot store.
  override currentTimestamp(): string {
    return this.currentTimestampBackcompat();
  }

  // Trino's to_hex is upper-case; lower() keeps hashes equal across warehouses.
  override hash(expression: string): string {
    return `lower(to_hex(md5(to_utf8(CAST(${expression} AS varchar)))))`;
  }

  // No right(): the substring from the first kept character (all of it when it is shorter).
  override right(text: string, length: string): string {
    return `substr(${text}, greatest(length(${text}) - (${length}) + 1, 1))`;
  }

  // split_part has no negative parts and is NULL past the end; element_at has both.
  override splitPart(text: string, delimiter: string, part: string): string {
    return `coalesce(element_at(split(${text}, ${delimiter}), ${part}), '')`;
  }

  override anyValue(expression: string): string {
    return `arbitrary(${expression})`;
  }

  // array_join skips nulls; the filter keeps them from taking places in the slice.
  override stringAgg(expression: string, delimiter: string, orderBy?: string, limit?: string): string {
    const order = orderBy ? ` ORDER BY ${orderBy}` : '';
    if (limit === undefined) return `array_join(array_agg(${expression}${order}), ${delimiter})`;
    const values = `array_agg(${expression}${order}) FILTER (WHERE ${expression} IS NOT NULL)`;
    return `array_join(slice(${values}, 1, ${limit}), ${delimiter})`;
  }

  override arrayConstruct(elements: string[], elementType: string): string {
    if (elements.length === 0) return this.cast('ARRAY[]', `ARRAY(${elementType})`);
    return super.arrayConstruct(elements, elementType);
  }

  override arrayAppend(array: string, element: string): string {
    return `(${array} || ${element})`;
  }

  override arrayConcat(first: string, second: string): string {
    return `(${first} || ${second})`;
  }

  private hiveRelation(relation: RelationName): string {
    return [relation.database, relation.schema, relation.identifier]
      .filter((p): p is string => !!p)
      .map((p) => this.hiveName(p))
      .join('.');
  }

  private hiveName(name: string): string {
    return `\`${name.replace(/`/g, '``')}\``;
  }
}

/**
 * A Trino type name as Hive DDL takes it (`varchar` -> `string`, `integer` -> `int`,
 * `timestamp(3)` -> `timestamp`).
 */
export function hiveType(trinoType: string): string {
  const type = trinoType.trim().toLowerCase();
  if (type === 'varchar') return 'string';
  if (type === 'integer') return 'int';
  if (type === 'real') return 'float';
  if (type.startsWith('timestamp')) return 'timestamp';
  return trinoType;
}

function hiveRefusal(statement: string, table: string): StrataError {
  return new StrataError(
    `Athena cannot run ${statement} on ${table}: Strata's Athena tables are Hive tables, ` +
      'which have no MERGE or DELETE (Athena has them for Iceberg tables only).',
    {
      hint:
        'Incremental models on Athena rebuild the table for merge and delete+insert; ' +
        'a macro that needs either must not run on Athena.',
    },
  );
}
