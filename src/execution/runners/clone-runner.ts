import type { Connection } from '../../adapters/contract.js';
import { materializeClone } from '../../materializations/materialize-clone.js';
import type { ModelNode, RelationName, SeedNode } from '../../manifest/types.js';
import type { NodeExecution, RunContext } from '../run-context.js';
import { builtRelation } from './built-relation.js';
import { relationText, type NodeRunner } from './node-runner.js';

/** A node `strata clone` copies: a model or a seed (ephemeral models have no relation and are never planned). */
export type CloneableNode = ModelNode | SeedNode;

/** What a clone that did nothing reports, as dbt's clone materialization logs it. */
const NOTHING_TO_CLONE = 'NO-OP';

/**
 * `strata clone`: each selected node's relation in the current target made from the relation
 * the state manifest recorded for it (`stateRelations`). A relation that already exists is
 * kept unless `--full-refresh`, as in dbt.
 */
export function cloneRunner(stateRelations: ReadonlyMap<string, RelationName>): NodeRunner<CloneableNode> {
  const runner: NodeRunner<CloneableNode> = {
    resourceType: 'model',
    describe: (node) => `clone ${node.resourceType} ${relationText(node.relation)}`,
    relationOf: (node) => node.relation,
    execute: (ctx, node, connection) => cloneNode(ctx, node, connection, stateRelations.get(node.uniqueId)),
    resultLine: (node, result) => {
      if (result.status === 'error') return `ERROR cloning ${runner.describe(node)}`;
      if (result.adapterMessage === NOTHING_TO_CLONE) return `OK ${result.message ?? 'nothing to do'}`;
      const source = stateRelations.get(node.uniqueId)!;
      const how = result.adapterMessage === 'CLONE' ? 'cloned' : 'created a view of';
      return `OK ${how} ${relationText(source)} as ${relationText(node.relation)}`;
    },
    skipLine: (node) => `SKIP relation ${relationText(node.relation)}`,
    summaryKind: () => 'clone',
  };
  return runner;
}

async function cloneNode(
  ctx: RunContext,
  node: CloneableNode,
  connection: Connection,
  source: RelationName | undefined,
): Promise<NodeExecution> {
  const { dialect } = ctx.session;
  const skipped = (message: string): NodeExecution => ({
    status: 'success',
    adapterMessage: NOTHING_TO_CLONE,
    message,
  });
  if (source === undefined) return skipped(`no relation in the state manifest for ${node.uniqueId}`);
  const rendered = dialect.renderRelation(node.relation);
  // the state of this very target: a relation cannot be made from itself
  if (dialect.renderRelation(source) === rendered) return skipped(`relation ${rendered} is the state's own relation`);
  const existing = ctx.relations.get(node.relation)?.kind;
  if (existing !== undefined && !ctx.fullRefresh) {
    return skipped(`relation ${rendered} already exists (--full-refresh replaces it)`);
  }
  // the kind of the source decides between a table clone and a view; its schema is read once per run
  await ctx.relations.load(connection, [{ schema: source.schema, database: source.database }]);
  const result = await materializeClone({
    connection,
    dialect,
    relation: node.relation,
    source,
    sourceKind: ctx.relations.get(source)?.kind,
    existing,
    config: node.config,
    projectRoot: ctx.session.project.rootDir,
    inspect: (relation) => ctx.relations.inspect(relation),
  });
  const execution = await builtRelation(ctx, node, result);
  return { ...execution, compiledSql: `select * from ${dialect.renderRelation(source)}` };
}
