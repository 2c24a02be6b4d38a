/**
 * What a unit test's `input:` names: `ref('model')`, `ref('package', 'model')`,
 * `source('source', 'table')` or `this` (an incremental model's own table), and the name of
 * the CTE that stands for it in the model's SQL.
 */

export type InputCall =
  | { kind: 'ref'; name: string; package?: string }
  | { kind: 'source'; sourceName: string; tableName: string }
  | { kind: 'this' };

const QUOTED = String.raw`\s*(['"])([^'"]+)\1\s*`;
const REF = new RegExp(String.raw`^ref\(${QUOTED}(?:,${QUOTED})?(?:,[^)]*)?\)$`);
const SOURCE = new RegExp(String.raw`^source\(${QUOTED},${QUOTED}\)$`);

/** Read an `input:` value; undefined when it is none of the three forms. */
export function parseInputCall(text: string): InputCall | undefined {
  const input = text.trim();
  if (input === 'this') return { kind: 'this' };
  const ref = REF.exec(input);
  if (ref)
    return ref[4] === undefined ? { kind: 'ref', name: ref[2]! } : { kind: 'ref', name: ref[4], package: ref[2] };
  const source = SOURCE.exec(input);
  if (source) return { kind: 'source', sourceName: source[2]!, tableName: source[4]! };
  return undefined;
}

/** The CTE an input becomes, a name no model's SQL uses by chance. */
export function inputCteName(call: InputCall): string {
  if (call.kind === 'this') return '__strata_unit__this';
  if (call.kind === 'ref') return `__strata_unit__${call.name}`;
  return `__strata_unit__${call.sourceName}__${call.tableName}`;
}
