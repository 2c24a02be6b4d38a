/**
 * `constraints:` of a model (beside `columns:`) or of one of its columns, as dbt declares
 * them: `type` (not_null, unique, primary_key, foreign_key, check, custom), with `name`,
 * `expression`, `to` / `to_columns` (foreign keys), `columns` (model level) and the
 * `warn_unenforced` / `warn_unsupported` switches. They shape the DDL of a model whose
 * contract is enforced (see materializations/contract-ddl.ts).
 */
import type { YamlFile, YamlPath } from '../config/yaml-file.js';
import { checkKeys, describeType, expectList, isYamlMap, optionalString, stringList } from '../config/yaml-shape.js';
import type { Constraint, ConstraintType } from '../manifest/types.js';

const TYPES: readonly ConstraintType[] = ['check', 'not_null', 'unique', 'primary_key', 'foreign_key', 'custom'];
const KEYS = ['type', 'name', 'expression', 'warn_unenforced', 'warn_unsupported', 'to', 'to_columns'];
const HINT =
  'List constraints as "- type: not_null" items (not_null, unique, primary_key, foreign_key, check, custom).';

/** Where the constraints are declared: on a column, or on the model (which may name `columns`). */
export type ConstraintLevel = 'column' | 'model';

/** The constraints under `owner.constraints` (at `ownerPath`); `what` names the owner in messages. */
export function parseConstraints(
  yaml: YamlFile,
  ownerPath: YamlPath,
  value: unknown,
  level: ConstraintLevel,
  what: string,
): Constraint[] {
  const path = [...ownerPath, 'constraints'];
  return expectList(yaml, path, value, HINT).map((entry, index) => {
    const itemPath = [...path, index];
    if (!isYamlMap(entry)) {
      throw yaml.error(itemPath, `A constraint of ${what} must be a map, got ${describeType(entry)}`, HINT);
    }
    checkKeys(yaml, itemPath, entry, level === 'model' ? [...KEYS, 'columns'] : KEYS, `a constraint of ${what}`);
    const type = constraintType(yaml, [...itemPath, 'type'], entry.type);
    const constraint: Constraint = {
      type,
      warnUnenforced: flag(yaml, [...itemPath, 'warn_unenforced'], entry.warn_unenforced),
      warnUnsupported: flag(yaml, [...itemPath, 'warn_unsupported'], entry.warn_unsupported),
      toColumns: stringList(yaml, [...itemPath, 'to_columns'], entry.to_columns),
      columns: level === 'model' ? stringList(yaml, [...itemPath, 'columns'], entry.columns) : [],
      line: yaml.lineOf(itemPath),
    };
    const name = optionalString(yaml, [...itemPath, 'name'], entry.name);
    const expression = optionalString(yaml, [...itemPath, 'expression'], entry.expression);
    const to = optionalString(yaml, [...itemPath, 'to'], entry.to);
    if (name !== undefined) constraint.name = name;
    if (expression !== undefined) constraint.expression = expression;
    if (to !== undefined) constraint.to = to;
    requireParts(yaml, itemPath, constraint, level, what);
    return constraint;
  });
}

/** `{ constraints }` when there are any, else nothing: declarations without constraints stay as they were. */
export function nonEmpty(constraints: Constraint[]): { constraints?: Constraint[] } {
  return constraints.length > 0 ? { constraints } : {};
}

function constraintType(yaml: YamlFile, path: YamlPath, value: unknown): ConstraintType {
  const written = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  const type = TYPES.find((candidate) => candidate === written);
  if (type) return type;
  const shown = typeof value === 'string' ? `"${value}"` : describeType(value);
  throw yaml.error(path, `Invalid constraint type: ${shown}`, `Use one of: ${TYPES.join(', ')}.`);
}

function flag(yaml: YamlFile, path: YamlPath, value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'boolean') return value;
  throw yaml.error(path, `Expected true or false, got ${describeType(value)}`);
}

/** What each type needs to be rendered at all, as dbt requires it. */
function requireParts(yaml: YamlFile, path: YamlPath, c: Constraint, level: ConstraintLevel, what: string): void {
  const fail = (message: string, hint: string): never => {
    throw yaml.error(path, `The ${c.type} constraint of ${what} ${message}`, hint);
  };
  if ((c.type === 'check' || c.type === 'custom') && !c.expression) {
    fail('has no expression', 'Add "expression:" with the SQL condition, e.g. expression: "amount >= 0".');
  }
  if (c.type === 'foreign_key' && !c.expression && !(c.to && c.toColumns.length > 0)) {
    fail('names no referenced table', `Add "to: ref('parent')" and "to_columns: [id]", or an "expression:".`);
  }
  const needsColumns = c.type === 'not_null' || c.type === 'unique' || c.type === 'primary_key';
  if (level === 'model' && needsColumns && c.columns.length === 0 && !c.expression) {
    fail('names no columns', 'Add "columns: [<column>, ...]" to a model-level constraint.');
  }
  if (level === 'model' && c.type === 'foreign_key' && c.columns.length === 0 && !c.expression) {
    fail('names no columns', 'Add "columns: [<column>, ...]" to a model-level foreign key.');
  }
}
