import { AthenaClient } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import { StrataError } from '../../errors/strata-error.js';
import type { SchemaColumnsReader } from '../sql-connection.js';
import type { RelationName } from '../../manifest/types.js';
import type { CatalogConnection } from '../table-catalog.js';
import type { ColumnDescription, ExecuteResult, ExistingRelation, QueryResult, TargetConfig } from '../contract.js';
import type { AthenaDialect } from './athena-dialect.js';
import { serviceError } from './athena-errors.js';
import { AthenaCatalog } from './athena-catalog.js';
import { AthenaGlue } from './athena-glue.js';
import { AthenaQueryRunner } from './athena-query.js';
import { AthenaS3 } from './athena-s3.js';
import { readAthenaOptions, type AthenaOptions } from './athena-settings.js';

/**
 * A session on Athena: statements through the Athena API (one at a time), the catalog
 * from Glue, tables as S3 data whose swaps the materializations plan over the table
 * catalog (see AthenaCatalog). Athena has no sessions or transactions, so "connections"
 * share nothing but their clients' settings.
 */
export class AthenaConnection implements CatalogConnection, SchemaColumnsReader {
  readonly tableCatalog: AthenaCatalog;
  private readonly runner: AthenaQueryRunner;
  private readonly glue: AthenaGlue;

  constructor(
    private readonly clients: { athena: AthenaClient; glue: GlueClient; s3: S3Client },
    private readonly options: AthenaOptions,
    dialect: AthenaDialect,
  ) {
    this.runner = new AthenaQueryRunner(clients.athena, options);
    this.glue = new AthenaGlue(clients.glue);
    const s3 = new AthenaS3(clients.s3);
    const call = <T>(operation: string, run: () => Promise<T>) => this.catalogCall(operation, run);
    this.tableCatalog = new AthenaCatalog(dialect, this.glue, s3, options.dataDir, call);
  }

  async execute(sql: string): Promise<ExecuteResult> {
    const result = await this.runner.run(sql, false);
    return { rowsAffected: result.updateCount };
  }

  query(sql: string): Promise<QueryResult> {
    return this.runner.run(sql, true);
  }

  listRelations(schema: string): Promise<ExistingRelation[]> {
    return this.catalogCall('GetTables', () => this.glue.listRelations(schema));
  }

  getColumns(relation: RelationName): Promise<ColumnDescription[]> {
    return this.catalogCall('GetTable', () => this.glue.getColumns(relation));
  }

  /** A whole schema's columns from Glue's GetTables pages (the docs catalog of many relations). */
  getSchemaColumns(schema: string): Promise<Map<string, ColumnDescription[]>> {
    return this.catalogCall('GetTables', () => this.glue.schemaColumns(schema));
  }

  cancel(): Promise<void> {
    return this.runner.cancel();
  }

  async close(): Promise<void> {
    await this.cancel().catch(() => undefined);
    this.clients.athena.destroy();
    this.clients.glue.destroy();
    this.clients.s3.destroy();
  }

  // Statement failures are DatabaseErrors already; a failing Glue or S3 call becomes one here.
  private async catalogCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (
        error instanceof Error &&
        (error.name === 'DatabaseError' || error.name === 'QueryCancelledError' || error instanceof StrataError)
      )
        throw error;
      throw serviceError(`Glue/S3 (${operation})`, error, '', this.options.secrets);
    }
  }
}

/** Open an Athena connection for a `type: athena` target; credentials come from the AWS SDK's default chain. */
export async function openAthenaConnection(target: TargetConfig, dialect: AthenaDialect): Promise<AthenaConnection> {
  const options = readAthenaOptions(target);
  const common = options.region ? { region: options.region } : {};
  const clients = {
    athena: new AthenaClient({
      ...common,
      ...(options.endpoints.athena ? { endpoint: options.endpoints.athena } : {}),
    }),
    glue: new GlueClient({ ...common, ...(options.endpoints.glue ? { endpoint: options.endpoints.glue } : {}) }),
    // A custom S3 endpoint (a VPC endpoint, a local S3) is addressed by path, not virtual host.
    s3: new S3Client({
      ...common,
      ...(options.endpoints.s3 ? { endpoint: options.endpoints.s3, forcePathStyle: true } : {}),
    }),
  };
  try {
    await clients.athena.config.region();
  } catch {
    for (const client of Object.values(clients)) client.destroy();
    throw new StrataError(`Target '${target.name}' (athena): no AWS region.`, {
      hint: 'Set region in the target, or AWS_REGION.',
    });
  }
  return new AthenaConnection(clients, options, dialect);
}
