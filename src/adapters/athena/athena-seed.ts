import type { TableInput } from '@aws-sdk/client-glue';
import type { RelationName } from '../../manifest/types.js';
import type { CsvTable } from '../../seeds/csv-parse.js';
import { seedTypeName, type SeedColumnType } from '../../seeds/seed-types.js';
import type { Dialect } from '../contract.js';
import { s3Uri, type S3Location } from '../../aws/s3-uri.js';

/**
 * A seed on Athena: the CSV goes to S3 (re-encoded so that every engine reads the same
 * fields: each value quoted, `\` and `"` escaped with `\`), an external CSV table over it
 * is registered in Glue (every column a string, header skipped), and a CTAS casts its
 * columns into a Parquet table (built and swapped in like a model's table). This module
 * holds the pure parts.
 */

/** The CSV as uploaded: OpenCSVSerde's quoting and escaping, empty fields left empty (NULL). */
export function encodeCsv(table: CsvTable): string {
  const field = (value: string) => (value === '' ? '' : `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`);
  return [table.header, ...table.rows].map((row) => row.map(field).join(',')).join('\n') + '\n';
}

/** The Glue table over the uploaded CSV: string columns, OpenCSVSerde, header skipped. */
export function csvTableInput(name: string, columns: string[], location: S3Location): TableInput {
  return {
    Name: name.toLowerCase(),
    TableType: 'EXTERNAL_TABLE',
    Parameters: { EXTERNAL: 'TRUE', classification: 'csv', 'skip.header.line.count': '1' },
    StorageDescriptor: {
      Columns: columns.map((c) => ({ Name: c.toLowerCase(), Type: 'string' })),
      Location: s3Uri(location),
      InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
      SerdeInfo: {
        SerializationLibrary: 'org.apache.hadoop.hive.serde2.OpenCSVSerde',
        Parameters: { separatorChar: ',', quoteChar: '"', escapeChar: '\\' },
      },
    },
  };
}

/** The SELECT that types the CSV table's string columns: empty is NULL, then a CAST. */
export function typedSelect(
  dialect: Dialect,
  csvTable: RelationName,
  header: string[],
  types: SeedColumnType[],
): string {
  const columns = header.map((name, i) => {
    const type = types[i]!;
    let value = `NULLIF(${dialect.quoteIdentifier(name.toLowerCase())}, '')`;
    if (!('declared' in type) && type.portable === 'timestamp') value = `replace(${value}, 'T', ' ')`;
    if (!('declared' in type) && type.portable === 'string') return `  ${value} AS ${dialect.quoteIdentifier(name)}`;
    return `  CAST(${value} AS ${seedTypeName(dialect, type)}) AS ${dialect.quoteIdentifier(name)}`;
  });
  return `SELECT\n${columns.join(',\n')}\nFROM ${dialect.renderRelation(csvTable)}`;
}
