import type { ProjectNode } from '../manifest/types.js';
import { batchId } from '../microbatch/batch-window.js';
import { PyDatetime, PyTimezone } from '../templating/dbt-context/py-datetime.js';
import type { DbtNodeContext } from '../templating/dbt-context/render-state.js';
import type { BatchFilter } from './event-time-filter.js';

/**
 * dbt's `model.batch` in a microbatch model's batch: `id` (`20240917`), and the window as
 * aware UTC datetimes `event_time_start` (inclusive) and `event_time_end` (exclusive).
 * Outside a batch `model.batch` is None, so `{% if model.batch %}` is false.
 */
export function withBatchContext(
  context: DbtNodeContext,
  batch: BatchFilter | undefined,
  node: ProjectNode | undefined,
): DbtNodeContext {
  const size = node?.config.batchSize;
  if (node?.config.incrementalStrategy !== 'microbatch') return context;
  if (!batch || !size) return { ...context, model: () => ({ ...context.model(), batch: null }) };
  const value = {
    id: batchId(batch.window.start, size),
    event_time_start: PyDatetime.fromDate(batch.window.start, PyTimezone.utc),
    event_time_end: PyDatetime.fromDate(batch.window.end, PyTimezone.utc),
  };
  return { ...context, model: () => ({ ...context.model(), batch: value }) };
}
