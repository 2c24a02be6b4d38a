import type { NodeResult, NodeStatus } from '../artifacts/run-results-json.js';
import type { LineStatus, Reporter } from './reporter.js';
import type { ExecutableNode, NodeRunner } from './runners/node-runner.js';

/**
 * The `3 of 24 ...` lines of a run, worded by each node's runner. As in dbt, a node's
 * number is its place in the order nodes start or are skipped.
 */
export class RunProgress {
  private readonly numbers = new Map<string, number>();

  constructor(
    private readonly reporter: Reporter,
    private readonly total: number,
  ) {}

  /** `3 of 24 START sql view model main.stg_orders .... [RUN]` */
  started(runner: NodeRunner, node: ExecutableNode): void {
    this.reporter.start(this.numberOf(node), this.total, runner.describe(node));
  }

  /** `3 of 24 OK created sql view model main.stg_orders .... [CREATE VIEW in 0.05s]` */
  finished(runner: NodeRunner, node: ExecutableNode, result: NodeResult): void {
    const detail = result.status === 'error' ? 'ERROR' : (result.adapterMessage ?? 'OK');
    const line = runner.resultLine(node, result);
    for (const warning of result.warnings ?? []) this.reporter.warning(warning);
    this.reporter.result(
      this.numberOf(node),
      this.total,
      lineStatus(result.status),
      line,
      detail,
      result.executionTime,
    );
  }

  /** `4 of 24 SKIP relation main.orders .... [SKIP]` */
  skipped(runner: NodeRunner, node: ExecutableNode): void {
    this.reporter.result(this.numberOf(node), this.total, 'skip', runner.skipLine(node), 'SKIP');
  }

  /** A line of a unit no runner runs: `6 of 7 NO-OP exposure tier_board .... [NO-OP in 0.00s]` */
  line(uniqueId: string, status: LineStatus, text: string, detail: string, seconds?: number): void {
    this.reporter.result(this.numberOf({ uniqueId }), this.total, status, text, detail, seconds);
  }

  private numberOf(node: { uniqueId: string }): number {
    let number = this.numbers.get(node.uniqueId);
    if (number === undefined) this.numbers.set(node.uniqueId, (number = this.numbers.size + 1));
    return number;
  }
}

function lineStatus(status: NodeStatus): LineStatus {
  if (status === 'success') return 'ok';
  if (status === 'skipped') return 'skip';
  if (status === 'partial success') return 'warn';
  if (status === 'no-op') return 'no-op';
  return status;
}
