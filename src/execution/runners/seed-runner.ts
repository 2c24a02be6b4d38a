import type { Connection } from '../../adapters/contract.js';
import { writeRunSql } from '../../artifacts/write-artifacts.js';
import { loadSeed } from '../../materializations/load-seed.js';
import type { SeedNode } from '../../manifest/types.js';
import type { NodeExecution, RunContext } from '../run-context.js';
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

/** Load one CSV seed into its table. */
async function runSeed(ctx: RunContext, node: SeedNode, connection: Connection): Promise<NodeExecution> {
  const result = await loadSeed({
    connection,
    dialect: ctx.session.dialect,
    relation: node.relation,
    csvPath: node.csvPath,
    displayPath: node.origin.file,
    columnTypes: node.config.columnTypes,
    delimiter: node.config.delimiter,
    fullRefresh: node.config.fullRefresh ?? ctx.fullRefresh,
    inspect: (relation) => ctx.relations.inspect(relation),
  });
  if (result.kind !== 'ephemeral') ctx.relations.set(node.relation, result.kind);
  // what loaded it, under target/run/ as for models (a bulk load appears as a comment)
  await writeRunSql(ctx.targetDir, node, result.executedSql.join(';\n\n') + ';\n');
  return {
    status: 'success',
    adapterMessage: result.message,
    rowsAffected: result.rowsAffected,
    relationName: ctx.session.dialect.renderRelation(node.relation),
  };
}
