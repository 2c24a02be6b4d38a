import type { Connection } from '../adapters/contract.js';
import type { TableCatalog } from '../adapters/table-catalog.js';
import type { CatalogStep } from './catalog-step.js';

/**
 * Runs catalog plan steps in order: statements on the connection, catalog and data steps
 * on its catalog. The first failure stops the run (a failed partition batch never reaches
 * the data deletion after it); a failed build first empties its own fresh location.
 */
export class CatalogPlanExecutor {
  /** every statement sent, in order (catalog and data steps are not statements) */
  readonly executedSql: string[] = [];
  /** the row count of the last build or of the last statement marked `reportsRows` */
  rowsAffected: number | undefined;

  constructor(
    private readonly connection: Connection,
    readonly catalog: TableCatalog,
  ) {}

  async run(steps: CatalogStep[]): Promise<void> {
    for (const step of steps) await this.runStep(step);
  }

  private async runStep(step: CatalogStep): Promise<void> {
    const { catalog } = this;
    switch (step.kind) {
      case 'sql': {
        this.executedSql.push(step.sql);
        const result = await this.connection.execute(step.sql);
        if (step.reportsRows) this.rowsAffected = result.rowsAffected;
        return;
      }
      case 'build': {
        this.executedSql.push(step.sql);
        try {
          this.rowsAffected = (await this.connection.execute(step.sql)).rowsAffected;
        } catch (error) {
          // A failed CTAS can leave files behind; the location is this build's alone.
          await catalog.deleteData(step.location, []).catch(() => undefined);
          throw error;
        }
        return;
      }
      case 'repoint-table':
        return catalog.repointTable(step.relation, step.to);
      case 'delete-table-entry':
        return catalog.deleteTableEntry(step.relation);
      case 'create-partitions':
        return catalog.createPartitions(step.relation, step.partitions, step.storedLike);
      case 'update-partitions':
        return catalog.updatePartitions(step.relation, step.partitions, step.storedLike);
      case 'delete-partitions':
        return catalog.deletePartitions(step.relation, step.partitions);
      case 'delete-data':
        return catalog.deleteData(step.location, step.keep);
    }
  }
}
