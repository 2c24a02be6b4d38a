import type { ExternalLocation, RelationName } from '../../manifest/types.js';
import type {
  CheckedCsvFile,
  ColumnDescription,
  DatePart,
  DialectCapabilities,
  LocalLakeDialect,
  PortableType,
} from '../contract.js';
import { BaseDialect } from '../base-dialect.js';
import { BASE_TYPE_SYNONYMS } from '../contract-sql.js';
import type { ExternalSourceDialect } from '../external-source.js';

const EXTERNAL_FILES: Record<ExternalLocation['format'], string> = {
  jsonl: '*.jsonl*',
  parquet: '*.parquet',
  csv: '*.csv*',
};

/**
 * DuckDB SQL. DDL is transactional, MERGE INTO exists since 1.4, and COPY writes Parquet,
 * so lake tables are written locally and read back through a view.
 */
export class DuckDbDialect extends BaseDialect implements LocalLakeDialect, ExternalSourceDialect {
  readonly name = 'duckdb';

  override readonly capabilities: DialectCapabilities = {
    transactionalDdl: true,
    transactions: true,
    merge: true,
    createOrReplaceView: true,
    incrementalStrategies: ['append', 'merge', 'delete+insert', 'microbatch'],
    concurrentBatches: true,
  };

  protected override readonly typeOverrides: Partial<Record<PortableType, string>> = {
    float: 'DOUBLE',
    json: 'JSON',
  };
  protected override readonly safeCastFunction = 'TRY_CAST';
  protected override readonly subqueryNeedsAlias = false;

  // DuckDB checks every constraint it takes. It takes no foreign key here: a table another
  // references can no longer be dropped, so the parent model could never be rebuilt.
  override readonly constraintSupport = {
    check: 'enforced',
    not_null: 'enforced',
    unique: 'enforced',
    primary_key: 'enforced',
    foreign_key: 'not_supported',
  } as const;
  // FLOAT is single precision here, DOUBLE PRECISION on PostgreSQL.
  protected override readonly typeSynonyms = { ...BASE_TYPE_SYNONYMS, float: 'real', logical: 'boolean' };

  // DuckDB has WEEK and QUARTER intervals, and `INTERVAL (expr) DAY` takes any expression.
  override dateAdd(part: DatePart, amount: string, expression: string): string {
    return `(${expression} + INTERVAL (${amount}) ${part.toUpperCase()})`;
  }

  // date_diff counts boundaries for every part but week, where it counts whole weeks.
  override dateDiff(part: DatePart, start: string, end: string): string {
    return part === 'week' ? this.truncatedDateDiff(part, start, end) : super.dateDiff(part, start, end);
  }

  override stringAgg(expression: string, delimiter: string, orderBy?: string, limit?: string): string {
    const order = orderBy ? ` ORDER BY ${orderBy}` : '';
    if (limit === undefined) return `string_agg(${expression}, ${delimiter}${order})`;
    // string_agg skips nulls; the filter keeps them from taking places in the slice.
    const values = `array_agg(${expression}${order}) FILTER (WHERE ${expression} IS NOT NULL)`;
    return `array_to_string((${values})[1:${limit}], ${delimiter})`;
  }

  copyToParquet(selectSql: string, directory: string, partitionBy: string[]): string {
    const options = ['FORMAT parquet'];
    if (partitionBy.length > 0) {
      options.push(`PARTITION_BY (${this.columnList(partitionBy)})`, 'OVERWRITE_OR_IGNORE');
    }
    const target = this.quoteString(this.parquetTarget(directory, partitionBy));
    return `COPY (\n${selectSql}\n) TO ${target} (${options.join(', ')})`;
  }

  selectFromParquet(directory: string): string {
    const glob = this.quoteString(`${directory}/**/*.parquet`);
    return `SELECT * FROM read_parquet(${glob}, hive_partitioning = true)`;
  }

  /** Lake files read in place: one glob level per hive partition, partition columns added. */
  readExternalSource(external: ExternalLocation, absoluteLocation: string, fileList?: string[]): string {
    const levels = external.partitions.map(() => '*');
    const glob = external.fileGlob ?? [...levels, EXTERNAL_FILES[external.format]].join('/');
    const files =
      fileList && fileList.length > 0
        ? `[${fileList.map((file) => this.quoteString(file)).join(', ')}]`
        : this.quoteString(`${absoluteLocation}/${glob}`);
    const hive = external.partitions.length > 0 ? ', hive_partitioning = true' : '';
    switch (external.format) {
      case 'parquet':
        return `read_parquet(${files}${hive}, union_by_name = true)`;
      case 'csv':
        return `read_csv(${files}, header = true${hive}, union_by_name = true)`;
      default:
        return `read_json(${files}, format = 'newline_delimited'${hive}, union_by_name = true)`;
    }
  }

  /** Create or replace a table from a CSV file; column_types override detection. */
  /**
   * A table from a CSV file Strata has checked, read with the file's known settings and
   * the given column types: nothing is detected, and strict mode turns any row read
   * differently (too many or too few fields, a stray quote) into an error, never a guess.
   */
  createTableFromCsv(relation: RelationName, file: CheckedCsvFile, columns: ColumnDescription[]): string {
    const types = columns.map((c) => `${this.quoteString(c.name)}: ${this.quoteString(c.dataType)}`).join(', ');
    const args = [
      this.quoteString(file.path),
      `columns = {${types}}`,
      `header = ${file.header}`,
      `delim = ${this.quoteString(file.delimiter)}`,
      `quote = '"'`,
      `escape = '"'`,
      'auto_detect = false',
      'strict_mode = true',
      'null_padding = false',
      'ignore_errors = false',
    ];
    return `CREATE OR REPLACE TABLE ${this.renderRelation(relation)} AS
SELECT * FROM read_csv(${args.join(', ')})`;
  }

  // Without partitions COPY writes a single file, so it is placed inside the directory.
  private parquetTarget(directory: string, partitionBy: string[]): string {
    return partitionBy.length > 0 ? directory : `${directory}/data_0.parquet`;
  }
}
