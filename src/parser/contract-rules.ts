/**
 * What dbt requires of a model whose contract is enforced, checked at parse time so that
 * a mistake stops the invocation before anything is built: every column declared with a
 * `data_type`, at least one column, no ephemeral model, and an incremental model told what
 * to do when its columns change (`append_new_columns` or `fail`).
 */
import { formatLocation, StrataError, type SourceLocation } from '../errors/strata-error.js';
import { parseConstraintTarget } from '../manifest/constraint-target.js';
import type { ModelNode } from '../manifest/types.js';
import type { NodePatch } from './schema-types.js';

const INCREMENTAL_SCHEMA_CHANGES = ['append_new_columns', 'fail'];

/** Throws a StrataError at the model's YAML entry (else its file) when its contract cannot hold. */
export function checkModelContract(node: ModelNode, patch: NodePatch | undefined): void {
  if (!node.config.contract?.enforced) return;
  const location: SourceLocation = patch ? { file: patch.file, line: patch.line } : node.origin;
  const fail = (message: string, hint: string): never => {
    throw new StrataError(`Model "${node.name}" has an enforced contract, but ${message}`, { location, hint });
  };
  const { materialized, onSchemaChange } = node.config;
  if (materialized === 'ephemeral') {
    fail(
      'it is ephemeral',
      'An ephemeral model is never built: materialize it as a view or table, or drop the contract.',
    );
  }
  if (materialized === 'incremental' && !INCREMENTAL_SCHEMA_CHANGES.includes(onSchemaChange ?? 'ignore')) {
    fail(
      `on_schema_change is '${onSchemaChange ?? 'ignore'}'`,
      "Incremental models with contracts enabled must set on_schema_change to 'append_new_columns' or 'fail'.",
    );
  }
  const columns = Object.values(node.columns);
  if (columns.length === 0) {
    fail('it declares no columns', 'List its columns under "columns:", each with a "name:" and a "data_type:".');
  }
  const untyped = columns.filter((column) => !column.dataType).map((column) => column.name);
  if (untyped.length > 0) {
    fail(
      `column(s) ${untyped.map((name) => `"${name}"`).join(', ')} have no data_type`,
      'Contracted models require a data_type for each column: add "data_type:" to each.',
    );
  }
}

/**
 * dbt's primary key rules, checked at parse time as dbt checks them: a key of several columns
 * is one model-level constraint (`columns: [a, b]`), and a model declares its key at one level.
 */
export function checkPrimaryKeys(node: ModelNode, patch: NodePatch | undefined): void {
  const columnKeys = Object.values(node.columns).filter((column) =>
    (column.constraints ?? []).some((c) => c.type === 'primary_key'),
  );
  if (columnKeys.length === 0) return;
  const location: SourceLocation = patch ? { file: patch.file, line: patch.line } : node.origin;
  const names = columnKeys.map((column) => `"${column.name}"`).join(', ');
  if (columnKeys.length > 1) {
    throw new StrataError(`Model "${node.name}" declares a primary key on ${columnKeys.length} columns (${names})`, {
      location,
      hint:
        'Primary keys of several columns are one model-level constraint: ' +
        '"constraints: [{type: primary_key, columns: [a, b]}]" beside columns:.',
    });
  }
  if ((node.constraints ?? []).some((c) => c.type === 'primary_key')) {
    throw new StrataError(`Model "${node.name}" declares its primary key at the model level and on column ${names}`, {
      location,
      hint: 'A primary key is declared at the model level or on a column, not both: remove one.',
    });
  }
}

/**
 * One warning per model whose constraints cannot act: constraints shape only the DDL of a
 * model with an enforced contract (as in dbt, which ignores them silently otherwise).
 */
export function unenforcedConstraintWarnings(node: ModelNode, patch: NodePatch | undefined): string[] {
  if (node.config.contract?.enforced || !patch) return [];
  const lines = [...(node.constraints ?? []), ...Object.values(node.columns).flatMap((c) => c.constraints ?? [])]
    .map((c) => c.line)
    .filter((line): line is number => line !== undefined);
  if (lines.length === 0) return [];
  return [
    `${formatLocation({ file: patch.file, line: Math.min(...lines) })}: the constraints of model "${node.name}" ` +
      'have no effect: they shape the table of a model whose contract is enforced. ' +
      'Add contract: {enforced: true} to its config, or remove them.',
  ];
}

/**
 * A foreign key's `to: ref(...)` / `source(...)` of a contracted model makes the referenced
 * node a parent, so that it is built first and a missing one is an error at parse time.
 */
export function addConstraintParents(node: ModelNode): void {
  if (!node.config.contract?.enforced) return;
  const constraints = [...(node.constraints ?? []), ...Object.values(node.columns).flatMap((c) => c.constraints ?? [])];
  for (const constraint of constraints) {
    if (constraint.type !== 'foreign_key' || constraint.to === undefined) continue;
    const target = parseConstraintTarget(constraint.to);
    if (target.kind === 'ref' && !node.refs.some((r) => r.name === target.ref.name)) node.refs.push(target.ref);
    if (target.kind === 'source' && !node.sources.some(([s, t]) => s === target.source[0] && t === target.source[1])) {
      node.sources.push(target.source);
    }
  }
}
