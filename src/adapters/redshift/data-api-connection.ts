import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { StrataError } from '../../errors/strata-error.js';
import type { Connection, Dialect, ExecuteResult, QueryResult, TargetConfig } from '../contract.js';
import { SqlConnection } from '../sql-connection.js';
import { keepLargeIntegersExact } from './data-api-exact-integers.js';
import { readDataApiOptions, type DataApiOptions } from './data-api-settings.js';
import { DataApiStatements } from './data-api-statements.js';

/**
 * Redshift through the Data API (`@aws-sdk/client-redshift-data`). The API runs one
 * statement per call, asynchronously (`data-api-statements.ts`: submit, poll, page, in one
 * session); introspection is the shared `information_schema` one.
 */
export class DataApiConnection extends SqlConnection {
  private readonly statements: DataApiStatements;

  constructor(
    private readonly client: RedshiftDataClient,
    options: DataApiOptions,
    dialect: Dialect,
  ) {
    super(dialect);
    this.statements = new DataApiStatements(client, options);
  }

  execute(sql: string): Promise<ExecuteResult> {
    return this.statements.execute(sql);
  }

  query(sql: string): Promise<QueryResult> {
    return this.statements.query(sql);
  }

  /** Cancel the statement in flight (CancelStatement); its execute() then rejects. */
  cancel(): Promise<void> {
    return this.statements.cancel();
  }

  /** Cancel what runs, end the session, free the client. */
  async close(): Promise<void> {
    await this.statements.cancel().catch(() => undefined);
    await this.statements.endSession();
    this.client.destroy();
  }
}

/**
 * Open a Data API connection for a `type: redshift`, `method: data-api` target. Credentials
 * come from the AWS SDK's default chain; nothing here prints them.
 */
export async function openDataApiConnection(target: TargetConfig, dialect: Dialect): Promise<Connection> {
  const options = readDataApiOptions(target);
  const client = new RedshiftDataClient({
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });
  try {
    await client.config.region();
  } catch {
    client.destroy();
    throw new StrataError(`Target '${target.name}' (redshift, method: data-api): no AWS region.`, {
      hint: 'Set region in the target, or AWS_REGION.',
    });
  }
  keepLargeIntegersExact(client);
  return new DataApiConnection(client, options, dialect);
}
