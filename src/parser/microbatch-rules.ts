import type { ModelNode } from '../manifest/types.js';
import { requireMicrobatchConfig } from '../microbatch/plan-batches.js';

/**
 * A microbatch model without `event_time` or `batch_size` stops the parse at its file, as
 * dbt refuses it, before anything is built (`begin` is needed only by a first build).
 */
export function checkMicrobatchModel(node: ModelNode): void {
  if (node.config.materialized === 'incremental' && node.config.incrementalStrategy === 'microbatch') {
    requireMicrobatchConfig(node);
  }
}
