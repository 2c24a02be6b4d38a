import { AthenaClient } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import { StrataError } from '../../errors/strata-error.js';
import type { SchemaColumnsReader } from '../sql-connection.js';
import type { RelationName } from '../../manifest/types.js';
import { STAGING_SUFFIX } from '../../materializations/plan-step.js';
import type { CatalogTableWriter, CatalogWriteResult, IncrementalWrite, TableBuild } from '../catalog-tables.js';
import type {
  ColumnDescription,
  Connection,
  CsvLoadOptions,
  ExecuteResult,
  ExistingRelation,
  QueryResult,
  TargetConfig,
} from '../contract.js';
import type { AthenaDialect } from './athena-dialect.js';
import { serviceError } from './athena-errors.js';
import { AthenaGlue } from './athena-glue.js';
import { AthenaQueryRunner } from './athena-query.js';
import { AthenaS3 } from './athena-s3.js';
import { csvTableInput, prepareSeed, typedSelect } from './athena-seed.js';
import { readAthenaOptions, type AthenaOptions } from './athena-settings.js';
import { AthenaTables } from './athena-tables.js';

/**
 * A session on Athena: statements through the Athena API (one at a time), the catalog
 * from Glue, tables written as S3 data swapped in Glue (see AthenaTables). Athena has no
 * sessions or transactions, so "connections" share nothing but their clients' settings.
 */
export class AthenaConnection implements Connection, CatalogTableWriter, SchemaColumnsReader {
  private readonly runner: AthenaQueryRunner;
  private readonly glue: AthenaGlue;
  private readonly s3: AthenaS3;
  private readonly tables: AthenaTables;

  constructor(
    private readonly clients: { athena: AthenaClient; glue: GlueClient; s3: S3Client },
    private readonly options: AthenaOptions,
    private readonly dialect: AthenaDialect,
  ) {
    this.runner = new AthenaQueryRunner(clients.athena, options);
    this.glue = new AthenaGlue(clients.glue);
    this.s3 = new AthenaS3(clients.s3);
    this.tables = new AthenaTables(dialect, this.glue, this.s3, options.dataDir);
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

  replaceTable(build: TableBuild): Promise<CatalogWriteResult> {
    return this.catalogCall('the table swap', () =>
      this.tables.replaceTable(build, (sql) => this.runner.run(sql, false)),
    );
  }

  writeIncremental(write: IncrementalWrite): Promise<CatalogWriteResult> {
    return this.catalogCall('the incremental write', () =>
      this.tables.writeIncremental(write, (sql) => this.runner.run(sql, false)),
    );
  }

  dropTable(relation: RelationName): Promise<CatalogWriteResult> {
    const executedSql: string[] = [];
    const run = (sql: string) => (executedSql.push(sql), this.runner.run(sql, false));
    return this.catalogCall('the table drop', async () => {
      await this.tables.dropWithData(relation, run);
      return { executedSql };
    });
  }

  /** Upload the CSV, register an external CSV table over it, CTAS it into Parquet, drop the CSV table and file. */
  async replaceFromCsv(
    relation: RelationName,
    csvPath: string,
    options: CsvLoadOptions & { displayPath: string },
  ): Promise<CatalogWriteResult> {
    const seed = await prepareSeed(csvPath, options.displayPath, options.delimiter, options.columnTypes);
    const csvTable = { ...relation, identifier: `${relation.identifier}${STAGING_SUFFIX}_csv` };
    const location = this.tables.newLocation(csvTable);
    const run = (sql: string) => this.runner.run(sql, false);
    return this.catalogCall('the seed load', async () => {
      await this.tables.dropWithData(csvTable, run);
      await this.s3.putText(location, `${relation.identifier.toLowerCase()}.csv`, seed.csv);
      await this.glue.createTable(relation.schema, csvTableInput(csvTable.identifier, seed.header, location));
      try {
        const built = await this.tables.replaceTable(
          { relation, selectSql: typedSelect(this.dialect, csvTable, seed.header, seed.types) },
          run,
        );
        return { rowsAffected: seed.rows, executedSql: built.executedSql };
      } finally {
        await this.glue.deleteTable(csvTable).catch(() => undefined);
        await this.s3.deletePrefix(location).catch(() => undefined);
      }
    });
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
