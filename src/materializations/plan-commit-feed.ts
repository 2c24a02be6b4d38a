/**
 * One batch of a commit-fed model (src/feed/CONTEXT.md), applied in one transaction with
 * the model's cursor: the re-aggregated event-time windows replaced, the rows of the new
 * commits outside them appended or merged on the unique key (summing `merge_sum_columns`
 * into the existing rows), and the state rows moved past the batch. Plans are pure data.
 */
import type { ColumnDescription, Dialect } from '../adapters/contract.js';
import { eventTimeCondition } from '../compile/event-time-filter.js';
import type { OnSchemaChange, RelationName } from '../manifest/types.js';
import type { BatchWindow } from '../microbatch/batch-window.js';
import { keyColumns } from './plan-incremental.js';
import { alterThenWrite, normalizeSelect, STAGING_SUFFIX, withSuffix, type PlanStep } from './plan-step.js';
import { diffColumns, planSchemaChange } from './schema-change.js';

const TARGET = 'strata_target';
const SOURCE = 'strata_batch';

/** The staging table of the batch's new rows, and of its re-aggregated windows. */
export function feedStaging(relation: RelationName, part: 'delta' | 'windows'): RelationName {
  return withSuffix(relation, `${STAGING_SUFFIX}_${part}`);
}

/** Rows of `selectSql` inside (or outside) `windows` of the model's own `event_time`. */
export function inWindows(
  dialect: Dialect,
  selectSql: string,
  eventTime: string,
  windows: readonly BatchWindow[],
  inside: boolean,
): string {
  const rows = dialect.aliasSubquery(`\n${normalizeSelect(selectSql)}\n`, '_strata_feed_rows');
  const any = windowsCondition(dialect, eventTime, windows);
  const condition = inside ? any : `${eventTime} is null or not (${any})`;
  return `select * from ${rows}\nwhere ${condition}`;
}

function windowsCondition(dialect: Dialect, eventTime: string, windows: readonly BatchWindow[]): string {
  return windows.map((window) => `(${eventTimeCondition(dialect, eventTime, window)})`).join(' or ');
}

/** Phase one: the batch's rows into their staging tables (leftovers of a killed run dropped first). */
export function planFeedBuild(
  dialect: Dialect,
  relation: RelationName,
  deltaSql: string,
  windowsSql: string | undefined,
): PlanStep[] {
  const steps: PlanStep[] = [];
  for (const [part, sql] of [
    ['delta', deltaSql],
    ['windows', windowsSql],
  ] as const) {
    const staging = feedStaging(relation, part);
    steps.push({ sql: dialect.dropRelation(staging, 'table'), purpose: 'drop a leftover staging table' });
    if (sql !== undefined) {
      steps.push({
        sql: dialect.createTableAs(staging, normalizeSelect(sql)),
        purpose: `build the batch's ${part}`,
        reportsRows: true,
      });
    }
  }
  return steps;
}

/** What applying a batch needs to know. */
export interface FeedApplyInput {
  relation: RelationName;
  existingColumns: ColumnDescription[];
  deltaColumns: ColumnDescription[];
  /** the re-aggregated windows (none: the batch only adds its delta) */
  windows: BatchWindow[];
  eventTime?: string;
  uniqueKey?: string[];
  sumColumns?: string[];
  /** the delta replaces every existing row sharing its values of these columns (delete, then insert) */
  replaceKey?: string[];
  /** only the rows from the delta's smallest value of this column on, per key, are replaced */
  replaceFrom?: string;
  onSchemaChange?: OnSchemaChange;
  /** the statements that move the model's cursor past the batch */
  state: string[];
}

/**
 * Phase two, atomically: schema change, the windows replaced, the delta appended or merged,
 * the cursor moved; then the staging tables dropped.
 */
export function planFeedApply(dialect: Dialect, input: FeedApplyInput): PlanStep[] {
  const { relation } = input;
  const delta = feedStaging(relation, 'delta');
  const windowsStaging = feedStaging(relation, 'windows');
  const diff = diffColumns(input.existingColumns, input.deltaColumns);
  const change = planSchemaChange(dialect, relation, diff, input.onSchemaChange ?? 'ignore');
  const write: PlanStep[] = [];
  if (input.windows.length > 0 && input.eventTime !== undefined) {
    const inside = windowsCondition(dialect, input.eventTime, input.windows);
    write.push(
      {
        sql: `DELETE FROM ${dialect.renderRelation(relation)}\nWHERE ${inside}`,
        purpose: 'delete the rows of the re-aggregated windows',
      },
      {
        sql: dialect.insertInto(relation, windowsStaging, change.columns),
        purpose: 'insert the re-aggregated windows',
        reportsRows: true,
      },
    );
  }
  const key = input.uniqueKey?.length ? keyColumns(input.uniqueKey, change.columns, relation) : [];
  if (input.replaceKey?.length) {
    write.push({
      sql: deleteReplaced(
        dialect,
        relation,
        delta,
        keyColumns(input.replaceKey, change.columns, relation),
        input.replaceFrom && keyColumns([input.replaceFrom], change.columns, relation)[0],
      ),
      purpose: 'delete the rows the delta replaces',
    });
  }
  if (key.length === 0) {
    write.push({
      sql: dialect.insertInto(relation, delta, change.columns),
      purpose: 'append the new rows',
      reportsRows: true,
    });
  } else {
    const sums = keyColumns(input.sumColumns ?? [], change.columns, relation);
    write.push(
      {
        sql: sumUpdate(dialect, relation, delta, key, change.columns, sums),
        purpose: 'merge the delta into existing rows',
      },
      {
        sql: insertMissing(dialect, relation, delta, key, change.columns),
        purpose: 'insert the new keys',
        reportsRows: true,
      },
    );
  }
  write.push(...input.state.map((sql) => ({ sql, purpose: "move the model's commit cursor" })));
  return [
    ...alterThenWrite(dialect, change.steps, write),
    { sql: dialect.dropRelation(delta, 'table'), purpose: 'drop the staging table of the delta' },
    { sql: dialect.dropRelation(windowsStaging, 'table'), purpose: 'drop the staging table of the windows' },
  ];
}

/**
 * Rows whose key exists take the delta's values; a summed column adds the delta's value to
 * its own (a null on either side counts as nothing, as `sum` skips nulls).
 */
function sumUpdate(
  dialect: Dialect,
  target: RelationName,
  source: RelationName,
  key: string[],
  columns: string[],
  sums: string[],
): string {
  const keys = new Set(key.map((k) => k.toLowerCase()));
  const summed = new Set(sums.map((s) => s.toLowerCase()));
  const q = (c: string) => dialect.quoteIdentifier(c);
  const set = columns
    .filter((c) => !keys.has(c.toLowerCase()))
    .map((c) =>
      summed.has(c.toLowerCase())
        ? `${q(c)} = coalesce(${TARGET}.${q(c)} + ${SOURCE}.${q(c)}, ${TARGET}.${q(c)}, ${SOURCE}.${q(c)})`
        : `${q(c)} = ${SOURCE}.${q(c)}`,
    );
  if (set.length === 0) return `SELECT 1 WHERE false`;
  return (
    `UPDATE ${dialect.renderRelation(target)} AS ${TARGET}\nSET ${set.join(',\n    ')}\n` +
    `FROM ${dialect.renderRelation(source)} AS ${SOURCE}\nWHERE ${keyMatch(dialect, key)}`
  );
}

/**
 * Existing rows whose `key` values the delta holds: the delta brings their replacement, all of
 * it; with `from`, only the key's rows from the delta's smallest `from` on (the rows before stay).
 * Every such row is at or after the smallest `from` of the whole delta, so that bound is added as
 * a plain range: the warehouse skips the older data by its min/max statistics instead of matching
 * every row of the table against the delta's keys (a cost that would grow with the table).
 */
function deleteReplaced(
  dialect: Dialect,
  target: RelationName,
  source: RelationName,
  key: string[],
  from: string | undefined,
): string {
  const q = (c: string) => dialect.quoteIdentifier(c);
  const rows = from
    ? `(SELECT ${key.map(q).join(', ')}, min(${q(from)}) AS ${q(from)}\n` +
      `  FROM ${dialect.renderRelation(source)} GROUP BY ${key.map(q).join(', ')})`
    : dialect.renderRelation(source);
  const after = from ? ` and ${TARGET}.${q(from)} >= ${SOURCE}.${q(from)}` : '';
  const range = from
    ? `${TARGET}.${q(from)} >= (SELECT min(${q(from)}) FROM ${dialect.renderRelation(source)})\n  and `
    : '';
  return (
    `DELETE FROM ${dialect.renderRelation(target)} AS ${TARGET}\n` +
    `WHERE ${range}EXISTS (SELECT 1 FROM ${rows} AS ${SOURCE} WHERE ${keyMatch(dialect, key)}${after})`
  );
}

function insertMissing(
  dialect: Dialect,
  target: RelationName,
  source: RelationName,
  key: string[],
  columns: string[],
): string {
  const list = columns.map((c) => dialect.quoteIdentifier(c)).join(', ');
  return (
    `INSERT INTO ${dialect.renderRelation(target)} (${list})\n` +
    `SELECT ${columns.map((c) => `${SOURCE}.${dialect.quoteIdentifier(c)}`).join(', ')}\n` +
    `FROM ${dialect.renderRelation(source)} AS ${SOURCE}\n` +
    `WHERE NOT EXISTS (SELECT 1 FROM ${dialect.renderRelation(target)} AS ${TARGET} WHERE ${keyMatch(dialect, key)})`
  );
}

function keyMatch(dialect: Dialect, key: string[]): string {
  return key
    .map((k) => `${TARGET}.${dialect.quoteIdentifier(k)} = ${SOURCE}.${dialect.quoteIdentifier(k)}`)
    .join(' and ');
}
