/**
 * Rows as every adapter must produce them, whatever its driver returns: lower-case column
 * names, numbers for integers and decimals (bigint included), dates as `YYYY-MM-DD` and
 * timestamps as `YYYY-MM-DD HH:MM:SS` (UTC, as connections return them). Strings stay
 * strings: a number that comes back as text is a conversion bug the suite must catch.
 */
export type Value = string | number | boolean | null;
export type Row = Record<string, Value>;

/** One row, normalised. */
export function normalizeRow(row: Record<string, unknown>): Row {
  return Object.fromEntries(Object.entries(row).map(([name, value]) => [name.toLowerCase(), normalizeValue(value)]));
}

/** Rows normalised and sorted, so that the order a warehouse returns them in does not matter. */
export function normalizeRows(rows: Array<Record<string, unknown>>): Row[] {
  return sortRows(rows.map(normalizeRow));
}

/** Rows in a stable order (by their values, column names sorted). */
export function sortRows(rows: Row[]): Row[] {
  const key = (row: Row) =>
    JSON.stringify(
      Object.keys(row)
        .sort()
        .map((name) => row[name]),
    );
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function normalizeValue(value: unknown): Value {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  // Floating point sums differ in their last bits between engines.
  if (typeof value === 'number') return Math.round(value * 1e6) / 1e6;
  if (value instanceof Date) return formatDate(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  throw new Error(`unexpected value from the warehouse: ${String(value)} (${typeof value})`);
}

// A timestamp at midnight and a date compare equal: engines disagree on whether
// date_trunc or date + interval keep a date.
function formatDate(date: Date): string {
  const iso = date.toISOString();
  const [day, time] = [iso.slice(0, 10), iso.slice(11, 23)];
  if (time === '00:00:00.000') return day;
  return `${day} ${time.endsWith('.000') ? time.slice(0, 8) : time}`;
}
