/**
 * The DDL of a model with an enforced contract: each column with its contract type and
 * constraints, then the model-level constraints, as the warehouse takes them. A constraint
 * the warehouse records without checking is rendered with a warning; one it cannot take is
 * left out with a warning (dbt's "not enforced" and "not supported"), unless the constraint
 * says `warn_unenforced: false` / `warn_unsupported: false`.
 */
import type { Dialect } from '../adapters/contract.js';
import { formatLocation } from '../errors/strata-error.js';
import type { Constraint } from '../manifest/types.js';
import type { ModelContractSpec } from './contract-check.js';
import { normalizeSelect } from './plan-step.js';

/** Column definitions and table constraints, and the warnings about constraints not enforced. */
export interface ContractDdl {
  /** column names in the contract's order */
  columns: string[];
  /** `"id" INTEGER NOT NULL`, ..., `CONSTRAINT "pk" PRIMARY KEY ("id")` */
  definitions: string[];
  warnings: string[];
}

/** The contracted table's definitions on `dialect`, with one warning per constraint it does not enforce. */
export function contractDdl(dialect: Dialect, spec: ModelContractSpec): ContractDdl {
  const warnings: string[] = [];
  const kept = (constraint: Constraint): boolean => {
    if (constraint.type === 'custom') return true;
    const support = dialect.constraintSupport[constraint.type];
    const where = formatLocation({ file: spec.file, line: constraint.line });
    if (support === 'not_supported' && constraint.warnUnsupported) {
      warnings.push(
        `${where}: model "${spec.model}": the constraint type ${constraint.type} is not supported by ` +
          `${dialect.name}, and will be ignored. ` +
          "Set 'warn_unsupported: false' on this constraint to ignore this warning.",
      );
    }
    if (support === 'not_enforced' && constraint.warnUnenforced) {
      warnings.push(
        `${where}: model "${spec.model}": the constraint type ${constraint.type} is not enforced by ` +
          `${dialect.name}. The constraint will be included in this model's DDL statement, but it will not ` +
          "guarantee anything about the underlying data. Set 'warn_unenforced: false' on this constraint to " +
          'ignore this warning.',
      );
    }
    return support !== 'not_supported';
  };
  // A model-level not_null is a column constraint of each column it names.
  const modelNotNull = new Set(
    spec.constraints
      .filter((c) => c.type === 'not_null' && kept(c))
      .flatMap((c) => c.columns.map((n) => n.toLowerCase())),
  );
  const definitions = spec.columns.map((column) => {
    const type = spec.aliasTypes ? dialect.aliasDataType(column.dataType) : column.dataType;
    const constraints = column.constraints.filter(kept).map((c) => dialect.renderColumnConstraint(c));
    if (modelNotNull.has(column.name.toLowerCase()) && !column.constraints.some((c) => c.type === 'not_null')) {
      constraints.push(dialect.renderColumnConstraint({ ...NOT_NULL }));
    }
    return [dialect.quoteIdentifier(column.name), type, ...constraints.filter(Boolean)].join(' ');
  });
  for (const constraint of spec.constraints) {
    if (constraint.type === 'not_null' || !kept(constraint)) continue;
    const rendered = dialect.renderModelConstraint(constraint);
    if (rendered) definitions.push(rendered);
  }
  return { columns: spec.columns.map((column) => column.name), definitions, warnings };
}

const NOT_NULL: Constraint = {
  type: 'not_null',
  warnUnenforced: false,
  warnUnsupported: false,
  toColumns: [],
  columns: [],
};

/** The model's query with its columns in the contract's order, as the contracted table is filled. */
export function contractedSelect(dialect: Dialect, columns: string[], selectSql: string): string {
  const list = columns.map((column) => dialect.quoteIdentifier(column)).join(', ');
  return `SELECT ${list}\nFROM (\n${normalizeSelect(selectSql)}\n) AS model_subq`;
}
