import type { Connection } from '../../adapters/contract.js';
import { withGrants } from '../../grants/with-grants.js';
import { withNodeHooks } from '../../hooks/node-hooks.js';
import { loadSeed } from '../../materializations/load-seed.js';
import type { SeedNode } from '../../manifest/types.js';
import type { NodeExecution, RunContext } from '../run-context.js';
import { builtRelation } from './built-relation.js';
import { relationText, type NodeRunner } from './node-runner.js';

/** Runs a seed: `seed file main.countries`, `OK loaded ...`, `SKIP relation main.countries`. */
export const seedRunner: NodeRunner<SeedNode> = {
  resourceType: 'seed',
  describe: (node) => `seed file ${relationText(node.relation)}`,
  relationOf: (node) => node.relation,
  execute: runSeed,
  resultLine: (node, result) =>
    `${result.status === 'error' ? 'ERROR loading' : 'OK loaded'} ${seedRunner.describe(node)}`,
  skipLine: (node) => `SKIP relation ${relationText(node.relation)}`,
  summaryKind: () => 'seed',
};

/** Load one CSV seed into its table, between its hooks. */
async function runSeed(ctx: RunContext, node: SeedNode, connection: Connection): Promise<NodeExecution> {
  const result = await withNodeHooks(ctx, node, connection, async (buildConnection) => {
    const loaded = await loadSeed({
      connection: buildConnection,
      dialect: ctx.session.dialect,
      relation: node.relation,
      csvPath: node.csvPath,
      displayPath: node.origin.file,
      columnTypes: node.config.columnTypes,
      delimiter: node.config.delimiter,
      fullRefresh: node.config.fullRefresh ?? ctx.fullRefresh,
      inspect: (relation) => ctx.relations.inspect(relation),
    });
    return withGrants(ctx, node, buildConnection, loaded);
  });
  return builtRelation(ctx, node, result);
}
