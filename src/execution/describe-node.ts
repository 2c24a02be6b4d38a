import type { ModelNode, SeedNode, TestNode } from '../manifest/types.js';

type ExecutableNode = ModelNode | SeedNode | TestNode;

function relationText(node: ModelNode | SeedNode): string {
  return `${node.relation.schema}.${node.relation.identifier}`;
}

/** `sql view model main_staging.stg_orders`, `seed file main_reference.countries`, `test not_null_...` */
export function describeNode(node: ExecutableNode): string {
  if (node.resourceType === 'model') return `sql ${node.config.materialized} model ${relationText(node)}`;
  if (node.resourceType === 'seed') return `seed file ${relationText(node)}`;
  return `test ${node.name}`;
}

/** The verb of a result line: `OK created sql view model ...`, `PASS not_null_x`, `ERROR creating ...`. */
export function describeResult(node: ExecutableNode, status: string, failures?: number): string {
  if (node.resourceType === 'test') {
    if (status === 'pass') return `PASS ${node.name}`;
    if (status === 'warn') return `WARN ${failures ?? ''} ${node.name}`.replace('  ', ' ');
    if (status === 'fail') return `FAIL ${failures ?? ''} ${node.name}`.replace('  ', ' ');
    return `ERROR ${node.name}`;
  }
  if (status === 'error')
    return node.resourceType === 'seed'
      ? `ERROR loading ${describeNode(node)}`
      : `ERROR creating ${describeNode(node)}`;
  return node.resourceType === 'seed' ? `OK loaded ${describeNode(node)}` : `OK created ${describeNode(node)}`;
}
