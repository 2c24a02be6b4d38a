/**
 * Where a microbatch model's table stands: the newest event time it holds. A run without
 * `--event-time-start` resumes from that batch (minus `lookback`), so batches missed while
 * no run happened are built rather than skipped. The state is the table itself, never a
 * local file: any machine, and a table restored or rebuilt elsewhere, gives the same answer.
 */
import type { Connection, Dialect } from '../adapters/contract.js';
import { parseEventTime } from '../config/microbatch-config.js';
import type { RelationName } from '../manifest/types.js';

/** The query of the newest event time in the model's table (null when it is empty). */
export function lastEventTimeSql(dialect: Dialect, relation: RelationName, eventTime: string): string {
  return `select max(${eventTime}) as last_event_time from ${dialect.renderRelation(relation)}`;
}

/** The newest event time in the model's table; undefined when the table has no row with one. */
export async function lastEventTime(
  connection: Connection,
  dialect: Dialect,
  relation: RelationName,
  eventTime: string,
): Promise<Date | undefined> {
  const { rows } = await connection.query(lastEventTimeSql(dialect, relation, eventTime));
  // one column; Snowflake upper-cases its name
  const [value] = Object.values(rows[0] ?? {});
  return parseEventTime(value);
}
