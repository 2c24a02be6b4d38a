/**
 * One batch of a commit-fed model on a catalog warehouse (Athena), whose Hive tables have
 * no UPDATE, DELETE or MERGE: the query of the table after the batch, built beside it and
 * swapped in with the cursor (`materialize-catalog-commit-feed.ts`). It says in one SELECT
 * what the transaction of `plan-commit-feed.ts` does to the table, in the same order: the
 * re-aggregated windows replaced, the rows of the delta's `replace_key` values replaced,
 * then the delta appended, or merged on `unique_key` (`merge_sum_columns` added to the
 * existing row's values, the other columns replaced). Pure: SQL text only.
 */
import type { ColumnDescription, Dialect } from '../adapters/contract.js';
import { eventTimeCondition } from '../compile/event-time-filter.js';
import type { RelationName } from '../manifest/types.js';
import type { BatchWindow } from '../microbatch/batch-window.js';
import { keyColumns } from './plan-incremental.js';
import { normalizeSelect } from './plan-step.js';

const BATCH = 'strata_batch';
const WINDOWS = 'strata_windows';
const KEPT = 'strata_kept';
const TARGET = 'strata_target';
const SOURCE = 'strata_source';
const PRESENT = 'strata_in_batch';

/** What the table after a batch is made of. */
export interface CatalogFeedInput {
  relation: RelationName;
  /** the table's columns, partition columns last (the order the rebuild writes them in) */
  columns: readonly ColumnDescription[];
  /** the new commits' rows (outside the re-aggregated windows when there are any) */
  deltaSql: string;
  /** the re-aggregated windows' rows */
  windowsSql?: string;
  windows: readonly BatchWindow[];
  eventTime?: string;
  uniqueKey?: string[];
  sumColumns?: string[];
  replaceKey?: string[];
  replaceFrom?: string;
}

/** Whether the SELECT reads the batch more than once (then build the batch into a table first). */
export function readsBatchTwice(input: Pick<CatalogFeedInput, 'replaceKey'>): boolean {
  return (input.replaceKey?.length ?? 0) > 0;
}

/** The SELECT of the table after the batch. */
export function catalogFeedSelect(dialect: Dialect, input: CatalogFeedInput): string {
  const { relation } = input;
  const q = (name: string) => dialect.quoteIdentifier(name);
  const names = input.columns.map((column) => column.name);
  const list = (alias?: string) => names.map((name) => (alias ? `${alias}.${q(name)}` : q(name))).join(', ');
  const windowed = input.windows.length > 0 && input.eventTime !== undefined && input.windowsSql !== undefined;
  const ctes = [`${BATCH} AS (\n${normalizeSelect(input.deltaSql)}\n)`];
  if (windowed) ctes.push(`${WINDOWS} AS (\n${normalizeSelect(input.windowsSql!)}\n)`);

  let kept = `SELECT ${list()} FROM ${dialect.renderRelation(relation)}`;
  if (windowed) {
    const inside = input.windows.map((window) => `(${eventTimeCondition(dialect, input.eventTime!, window)})`);
    kept +=
      `\nWHERE ${input.eventTime} IS NULL OR NOT (${inside.join(' OR ')})` +
      `\nUNION ALL\nSELECT ${list()} FROM ${WINDOWS}`;
  }
  if (input.replaceKey?.length) {
    const key = keyColumns(input.replaceKey, names, relation);
    const from = input.replaceFrom && keyColumns([input.replaceFrom], names, relation)[0];
    const keys = key.map(q).join(', ');
    const replacing = from ? `(SELECT ${keys}, min(${q(from)}) AS ${q(from)} FROM ${BATCH} GROUP BY ${keys})` : BATCH;
    const after = from ? ` AND ${TARGET}.${q(from)} >= ${SOURCE}.${q(from)}` : '';
    kept =
      `SELECT ${list(TARGET)} FROM (\n${kept}\n) AS ${TARGET}\n` +
      `WHERE NOT EXISTS (SELECT 1 FROM ${replacing} AS ${SOURCE} WHERE ${keyMatch(dialect, key)}${after})`;
  }
  ctes.push(`${KEPT} AS (\n${kept}\n)`);

  const typed = input.columns.map((column) => (expression: string) => castTo(dialect, expression, column));
  const key = input.uniqueKey?.length ? keyColumns(input.uniqueKey, names, relation) : [];
  let body: string;
  if (key.length === 0) {
    const all = (from: string) => `SELECT ${names.map((name, i) => typed[i]!(q(name))).join(', ')} FROM ${from}`;
    body = `${all(KEPT)}\nUNION ALL\n${all(BATCH)}`;
  } else {
    // One outer join reads the batch and the kept rows once each (a NULL key matches nothing,
    // as in MERGE): a matched row takes the batch's values, summed columns added to its own.
    const keys = new Set(key.map((k) => k.toLowerCase()));
    const sums = new Set(keyColumns(input.sumColumns ?? [], names, relation).map((s) => s.toLowerCase()));
    const merged = names.map((name, i) => {
      const [t, s] = [`${TARGET}.${q(name)}`, `${SOURCE}.${q(name)}`];
      const lower = name.toLowerCase();
      const value = sums.has(lower) && !keys.has(lower) ? `coalesce(${t} + ${s}, ${t}, ${s})` : s;
      return typed[i]!(`CASE WHEN ${SOURCE}.${PRESENT} THEN ${value} ELSE ${t} END`);
    });
    body =
      `SELECT ${merged.join(',\n  ')}\nFROM ${KEPT} AS ${TARGET}\n` +
      `FULL OUTER JOIN (SELECT *, TRUE AS ${PRESENT} FROM ${BATCH}) AS ${SOURCE} ON ${keyMatch(dialect, key)}`;
  }
  return `WITH ${ctes.join(',\n')}\n${body}`;
}

function keyMatch(dialect: Dialect, key: string[]): string {
  const q = (name: string) => dialect.quoteIdentifier(name);
  return key.map((k) => `${TARGET}.${q(k)} = ${SOURCE}.${q(k)}`).join(' AND ');
}

/**
 * The table's own type for each column, so that a batch never changes it (a scalar type
 * only: a complex one's catalog spelling is Hive's, and a union keeps it anyway).
 */
function castTo(dialect: Dialect, expression: string, column: ColumnDescription): string {
  const scalar = /^[a-z ]+(\(\s*\d+\s*(,\s*\d+\s*)?\))?$/i.test(column.dataType.trim());
  const value = scalar ? `CAST(${expression} AS ${column.dataType})` : expression;
  return `${value} AS ${dialect.quoteIdentifier(column.name)}`;
}
