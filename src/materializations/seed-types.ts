import type { Dialect, PortableType } from '../adapters/contract.js';

/** A seed column's type: inferred (portable) or given in `column_types` (warehouse type). */
export type SeedColumnType = { portable: PortableType } | { declared: string };

const INT32 = 2n ** 31n;
const INT64 = 2n ** 63n;

// Narrowest first: a column takes the first type every non-empty value fits.
const CANDIDATES: Array<[PortableType, (value: string) => boolean]> = [
  ['integer', (v) => /^[-+]?\d+$/.test(v) && BigInt(v) >= -INT32 && BigInt(v) < INT32],
  ['bigint', (v) => /^[-+]?\d+$/.test(v) && BigInt(v) >= -INT64 && BigInt(v) < INT64],
  ['float', (v) => /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v)],
  ['boolean', (v) => /^(true|false)$/i.test(v)],
  ['date', (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))],
  ['timestamp', (v) => /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$/.test(v)],
];

/**
 * Infer each column's type from its values (empty fields are nulls and fit anything; an
 * all-empty column is a string). `column_types` entries win, matched case-insensitively.
 */
export function inferSeedTypes(
  header: string[],
  rows: string[][],
  columnTypes: Record<string, string> = {},
): SeedColumnType[] {
  const declared = new Map(Object.entries(columnTypes).map(([name, type]) => [name.toLowerCase(), type]));
  return header.map((name, index) => {
    const type = declared.get(name.toLowerCase());
    if (type !== undefined) return { declared: type };
    const values = rows.map((row) => row[index] ?? '').filter((v) => v !== '');
    const match = values.length === 0 ? undefined : CANDIDATES.find(([, fits]) => values.every(fits));
    return { portable: match?.[0] ?? 'string' };
  });
}

/** The warehouse type name of a seed column. */
export function seedTypeName(dialect: Dialect, type: SeedColumnType): string {
  return 'declared' in type ? type.declared : dialect.typeName(type.portable);
}

/**
 * A field as a SQL literal of its column's type. Typed literals (DATE '...') are ANSI and
 * keep strict warehouses (Trino) from refusing a string in a date column.
 */
export function seedLiteral(dialect: Dialect, value: string, type: SeedColumnType): string {
  if (value === '') return 'NULL';
  if ('declared' in type) return `CAST(${dialect.quoteString(value)} AS ${type.declared})`;
  switch (type.portable) {
    case 'integer':
    case 'bigint':
    case 'float':
      return value.replace(/^\+/, '');
    case 'boolean':
      return value.toLowerCase() === 'true' ? 'TRUE' : 'FALSE';
    case 'date':
      return `DATE ${dialect.quoteString(value)}`;
    case 'timestamp':
      return `TIMESTAMP ${dialect.quoteString(value.replace('T', ' '))}`;
    default:
      return dialect.quoteString(value);
  }
}
