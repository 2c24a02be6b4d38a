/**
 * A microbatch model's batch reads its parents that declare `event_time` through this
 * filter: only their rows of the batch's window, as a subquery in place of the relation
 * (dbt's event-time filtered relation). `{{ ref('x').render() }}` still names the whole table.
 */
import type { Dialect } from '../adapters/contract.js';
import type { RelationName } from '../manifest/types.js';
import type { BatchWindow } from '../microbatch/batch-window.js';
import { TemplateRelation } from '../templating/relation.js';

/** The batch a microbatch model is compiled for: its own refs and sources read only this window. */
export interface BatchFilter {
  /** the microbatch model's unique id: ephemeral parents compiled along with it are not filtered */
  modelId: string;
  window: BatchWindow;
}

/** The condition `start <= event_time < end`, the half-open window of one batch. */
export function eventTimeCondition(dialect: Dialect, eventTime: string, window: BatchWindow): string {
  const start = dialect.eventTimeLiteral(window.start);
  const end = dialect.eventTimeLiteral(window.end);
  return `${eventTime} >= ${start} and ${eventTime} < ${end}`;
}

/** `read` (a relation or a file reader) narrowed to the batch's rows by its `event_time` column. */
export function filteredRead(
  dialect: Dialect,
  relation: RelationName,
  read: TemplateRelation | string,
  eventTime: string,
  window: BatchWindow,
): TemplateRelation {
  const name = read instanceof TemplateRelation ? read.render() : read;
  const filtered = `select * from ${String(read)} where ${eventTimeCondition(dialect, eventTime, window)}`;
  // an alias only where a subquery needs one, so `from {{ ref('x') }} x` still parses elsewhere
  const subquery = dialect.aliasSubquery(filtered, `_strata_et_filter_subq_${relation.identifier}`);
  return new TemplateRelation(relation, subquery, name);
}
