/**
 * Materializations: pure planners (`plan*`, plain data in, `PlanStep[]` out) and the
 * executors the runner calls (`materializeModel`, `loadSeed`, `ensureSchema`).
 */
export { ensureSchema } from './ensure-schema.js';
export { loadSeed, type LoadSeedInput } from './load-seed.js';
export { materializeModel, type MaterializeModelInput } from './materialize-model.js';
export type { MaterializationResult } from './materialization-result.js';
export { PlanExecutor } from './execute-plan.js';
export { planView, type ViewPlanInput } from './plan-view.js';
export { planTable, planSwap, type TablePlanInput, type SwapState } from './plan-table.js';
export {
  planIncrementalBuild,
  planIncrementalApply,
  resolveStrategy,
  type IncrementalApplyInput,
  type IncrementalBuildInput,
  type IncrementalConfig,
} from './plan-incremental.js';
export { diffColumns, planSchemaChange, type ColumnDiff } from './schema-change.js';
export { planLakeTable, type LakeTablePlan, type LakeTablePlanInput } from './plan-lake-table.js';
export { planSeedInserts, DEFAULT_SEED_BATCH_SIZE } from './plan-seed.js';
export { STAGING_SUFFIX, BACKUP_SUFFIX, type PlanStep } from './plan-step.js';
