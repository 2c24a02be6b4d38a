import type { Connection, Dialect } from '../adapters/contract.js';
import type { PlanStep } from './plan-step.js';

/**
 * Runs plan steps on a connection, in order, recording what ran. A failure inside a
 * BEGIN..COMMIT rolls the transaction back before the error goes on.
 */
export class PlanExecutor {
  /** every statement sent, in order (rollbacks included) */
  readonly executedSql: string[] = [];
  /** the row count of the last step marked `reportsRows` */
  rowsAffected: number | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly dialect: Dialect,
  ) {}

  async run(steps: PlanStep[]): Promise<void> {
    let inTransaction = false;
    for (const step of steps) {
      this.executedSql.push(step.sql);
      try {
        const result = await this.connection.execute(step.sql);
        if (step.reportsRows) this.rowsAffected = result.rowsAffected;
      } catch (error) {
        if (inTransaction) await this.rollback();
        throw error;
      }
      if (step.transaction === 'begin') inTransaction = true;
      if (step.transaction === 'commit') inTransaction = false;
    }
  }

  // The step's error is the one worth reporting; a failing rollback must not hide it.
  private async rollback(): Promise<void> {
    const sql = this.dialect.rollbackTransaction();
    this.executedSql.push(sql);
    await this.connection.execute(sql).catch(() => undefined);
  }
}
