import type { Connection } from '../../adapters/contract.js';
import type { NodeResult } from '../../artifacts/run-results-json.js';
import type { AnalysisNode, ProjectNode, RelationName } from '../../manifest/types.js';
import type { NodeExecution, RunContext } from '../run-context.js';

/**
 * A node an invocation can run: any of the manifest's nodes but analyses, which are only
 * compiled (sources are only read). It follows the manifest, so a new node type there does
 * not compile until `runner-registry.ts` has its runner.
 */
export type ExecutableNode = Exclude<ProjectNode, AnalysisNode>;

/** Whether a node is run by `run`/`build` at all: an analysis is compiled for a person to run. */
export function isRunnable(node: ProjectNode): node is ExecutableNode {
  return node.resourceType !== 'analysis';
}

/**
 * How one resource type runs, as in dbt's runner template method: `run-node.ts` does what
 * every node shares (timing, turning a failure into an `error` result) and `run-progress.ts`
 * prints the lines; a runner supplies only what differs for its type.
 */
export interface NodeRunner<N extends ExecutableNode = ExecutableNode> {
  readonly resourceType: N['resourceType'];
  /** the START line's text: `sql view model main.stg_orders`, `seed file main.countries` */
  describe(node: N): string;
  /** the relation the node writes, whose schema must exist before the run starts; none for a test */
  relationOf(node: N): RelationName | undefined;
  /** compile and run the node on one worker's connection; a thrown error becomes an `error` result */
  execute(ctx: RunContext, node: N, connection: Connection): Promise<NodeExecution>;
  /** the result line's text: `OK created sql view model ...`, `WARN 3 not_null_x`, `ERROR loading ...` */
  resultLine(node: N, result: NodeResult): string;
  /** the line of a node that did not run: `SKIP relation main.orders`, `SKIP test not_null_x` */
  skipLine(node: N): string;
  /** what the closing summary counts it as, in dbt's name: `view model`, `seed`, `test`, `unit_test` */
  summaryKind(node: N): string;
}

/** `schema.identifier`, as result and skip lines name a relation. */
export function relationText(relation: RelationName): string {
  return `${relation.schema}.${relation.identifier}`;
}
