/**
 * A unit test's verdict: the model's rows and the expected ones compared as multisets (order
 * does not matter, duplicates do), on the columns `expect` names, each value already made
 * text by the warehouse (so `10` and `10.0` of a double column compare equal). A failure is
 * shown as dbt shows it: the rows only expected marked `-`, the rows only returned `+`.
 */

/** One row, every value as text; null stays null. */
export type TextRow = Array<string | null>;

export interface RowDiff {
  columns: string[];
  /** expected rows the model did not return */
  missing: TextRow[];
  /** rows the model returned that were not expected */
  unexpected: TextRow[];
}

/** Compare `expected` with `actual`; equal when both lists are empty. */
export function diffRows(columns: string[], expected: TextRow[], actual: TextRow[]): RowDiff {
  const remaining = new Map<string, TextRow[]>();
  for (const row of actual) {
    const key = rowKey(row);
    remaining.set(key, [...(remaining.get(key) ?? []), row]);
  }
  const missing: TextRow[] = [];
  for (const row of expected) {
    const same = remaining.get(rowKey(row));
    if (same && same.length > 0) same.pop();
    else missing.push(row);
  }
  return { columns, missing, unexpected: [...remaining.values()].flat() };
}

/**
 * A row as compared: a decimal's trailing zeros do not count, since a warehouse's result may not
 * say a numeric column's scale (PostgreSQL's `numeric(10,2)` reads back as `numeric`), so the
 * expected `20` cast to it stays `20` while the column's value prints `20.00`.
 */
function rowKey(row: TextRow): string {
  return JSON.stringify(row.map((value) => (value !== null && DECIMAL.test(value) ? trimZeros(value) : value)));
}

const DECIMAL = /^-?\d+\.\d+$/;

function trimZeros(value: string): string {
  return value.replace(/0+$/, '').replace(/\.$/, '');
}

/** Whether the diff found no difference. */
export function rowsMatch(diff: RowDiff): boolean {
  return diff.missing.length === 0 && diff.unexpected.length === 0;
}

/**
 * The diff as an aligned table, the matching rows left out:
 *
 *       id | doubled
 *     - 1  | 11
 *     + 1  | 10
 */
export function formatRowDiff(diff: RowDiff): string {
  const lines: Array<[string, TextRow | string[]]> = [
    [' ', diff.columns],
    ...diff.missing.map((row): [string, TextRow] => ['-', row]),
    ...diff.unexpected.map((row): [string, TextRow] => ['+', row]),
  ];
  const shown = (value: string | null) => (value === null ? 'null' : value);
  const widths = diff.columns.map((_, i) => Math.max(...lines.map(([, row]) => shown(row[i] ?? null).length)));
  const text = lines.map(([mark, row]) =>
    `${mark} ${row.map((v, i) => shown(v).padEnd(widths[i]!)).join(' | ')}`.trimEnd(),
  );
  return ['actual differs from expected (- expected only, + actual only):', '', ...text].join('\n');
}
