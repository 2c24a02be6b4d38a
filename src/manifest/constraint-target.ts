/**
 * A foreign key's `to:` (`ref('customers')`, `ref('pkg', 'customers')`,
 * `source('shop', 'customers')`) read as the relation it names. The parser adds the
 * referenced node to the model's parents, so it is built first (as dbt does).
 */
import type { Manifest, RefCall, RelationName } from './types.js';
import { findSource } from './source-index.js';

const REF = /^\s*ref\(\s*['"]([^'"]+)['"]\s*(?:,\s*['"]([^'"]+)['"]\s*)?\)\s*$/;
const SOURCE = /^\s*source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)\s*$/;

/** What `to:` calls: a ref, a source, or neither (a relation written out, used as it is). */
export type ConstraintTarget =
  { kind: 'ref'; ref: RefCall } | { kind: 'source'; source: [string, string] } | { kind: 'literal'; text: string };

/** Read `to:` as written. */
export function parseConstraintTarget(to: string): ConstraintTarget {
  const ref = REF.exec(to);
  if (ref) {
    return { kind: 'ref', ref: ref[2] === undefined ? { name: ref[1]! } : { name: ref[2], package: ref[1] } };
  }
  const source = SOURCE.exec(to);
  if (source) return { kind: 'source', source: [source[1]!, source[2]!] };
  return { kind: 'literal', text: to };
}

/** The relation `to:` names in a linked manifest, or undefined when it is written out as text. */
export function constraintTargetRelation(
  manifest: Manifest,
  packageName: string,
  to: string,
): RelationName | undefined {
  const target = parseConstraintTarget(to);
  if (target.kind === 'ref') {
    const node = manifest.nodes.get(manifest.refIndex.get(target.ref.name) ?? '');
    return node && 'relation' in node ? node.relation : undefined;
  }
  if (target.kind === 'source') {
    return manifest.sources.get(findSource(manifest, packageName, ...target.source) ?? '')?.relation;
  }
  return undefined;
}
