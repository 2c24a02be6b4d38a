import type { Dialect, RelationKind, ViewOptions } from '../adapters/contract.js';
import type { RelationName } from '../manifest/types.js';
import { inTransaction, normalizeSelect, type PlanStep } from './plan-step.js';

/** What a view plan needs to know. */
export interface ViewPlanInput {
  relation: RelationName;
  selectSql: string;
  /** the kind of the relation already at this name, if any */
  existing?: RelationKind;
  /** adapter options from the model's config (e.g. Redshift late binding) */
  options?: ViewOptions;
}

/**
 * A view: CREATE OR REPLACE VIEW where the warehouse has it, else drop and create.
 * A table of the same name is dropped first (a model switched from table to view).
 */
export function planView(dialect: Dialect, input: ViewPlanInput): PlanStep[] {
  const { relation, existing } = input;
  const steps: PlanStep[] = [];
  if (existing !== undefined && (existing !== 'view' || !dialect.capabilities.createOrReplaceView)) {
    steps.push({ sql: dialect.dropRelation(relation, existing), purpose: `drop the existing ${existing}` });
  }
  steps.push({
    sql: dialect.createViewAs(relation, normalizeSelect(input.selectSql), input.options),
    purpose: 'create the view',
  });
  // Drop and create together, so that readers never see the name missing.
  return inTransaction(dialect, steps, steps.length > 1 && dialect.capabilities.transactionalDdl);
}
