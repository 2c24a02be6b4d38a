import type { TrinoColumn, TrinoResult } from './trino-client.js';

/**
 * A finished query's rows in Athena's shape: every value a `VarCharValue` string (a NULL
 * has none), typed only by `ColumnInfo` (`varchar`, `integer`, `bigint`, `double`,
 * `decimal` with Precision/Scale, `boolean`, `date`, `timestamp`, `array`, `row`...). For
 * a query, the first row of the first page repeats the column labels, as Athena's does.
 */

/** ColumnInfo of Trino's result columns. */
export function columnInfo(columns: readonly TrinoColumn[]): Array<Record<string, unknown>> {
  return columns.map((column) => {
    const [, base = column.type, params] = /^([a-z ]+?)(?:\((.*)\))?$/i.exec(column.type) ?? [];
    const info: Record<string, unknown> = {
      CatalogName: 'hive',
      SchemaName: '',
      TableName: '',
      Name: column.name,
      Label: column.name,
      Type: base,
      Precision: 0,
      Scale: 0,
      Nullable: 'UNKNOWN',
      CaseSensitive: base === 'varchar' || base === 'char',
    };
    if (base === 'decimal' && params) {
      const [precision, scale] = params.split(',').map((p) => Number(p.trim()));
      info['Precision'] = precision;
      info['Scale'] = scale ?? 0;
    } else if ((base === 'varchar' || base === 'char') && params && /^\d+$/.test(params)) {
      info['Precision'] = Number(params);
    }
    return info;
  });
}

/** All rows of a result as Athena's `Rows`, header row first for a query. */
export function athenaRows(result: TrinoResult): Array<{ Data: Array<{ VarCharValue?: string }> }> {
  // CTAS and INSERT answer with an UpdateCount and no rows.
  if (result.updateType !== undefined || result.columns.length === 0) return [];
  const rows = result.rows.map((row) => ({
    Data: row.map((value) => (value === null ? {} : { VarCharValue: render(value) })),
  }));
  return [{ Data: result.columns.map((c) => ({ VarCharValue: c.name })) }, ...rows];
}

// Athena prints arrays as [a, b] and maps and rows as {k=v}.
function render(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}=${v === null ? 'null' : render(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}
