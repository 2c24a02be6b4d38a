import type { Adapter, AdapterFactory, Connection, TargetConfig } from '../contract.js';
import { assertRequiredSettings, readSettings } from '../target-settings.js';
import { RedshiftDialect } from './redshift-dialect.js';
import { DATA_API_SETTINGS } from './data-api-settings.js';
import { PG_SETTINGS, pgClientConfig } from './pg-settings.js';
import { REDSHIFT_COMMON_SETTINGS, REDSHIFT_TARGET } from './redshift-settings.js';
import { readS3CopyOptions } from './s3-copy-settings.js';

/**
 * Redshift, through the Data API (`method: data-api`, the default) or a direct
 * connection (`method: pg`). Both share the dialect; each method's module, and the SDK
 * or driver it needs, loads only when a target uses it.
 */
export class RedshiftAdapter implements Adapter {
  constructor(
    readonly target: TargetConfig,
    readonly dialect: RedshiftDialect,
    private readonly openConnection: () => Promise<Connection>,
  ) {}

  connect(): Promise<Connection> {
    return this.openConnection();
  }

  // Sessions are the runner's to close; nothing is shared between them.
  async close(): Promise<void> {}
}

async function createRedshiftAdapter(target: TargetConfig, projectRoot: string): Promise<Adapter> {
  const dialect = new RedshiftDialect();
  const open = await methodConnection(target, projectRoot, dialect);
  const copy = readS3CopyOptions(target);
  if (!copy) return new RedshiftAdapter(target, dialect, open);
  // Seeds load by COPY from S3: the S3 client loads only for targets that stage seeds.
  const { S3CopyConnection, stagingS3Client } = await import('./s3-copy-connection.js');
  const s3 = stagingS3Client(copy);
  return new RedshiftAdapter(target, dialect, async () => new S3CopyConnection(await open(), dialect, s3, copy));
}

/** How the chosen method opens a session; its module loads only now. */
async function methodConnection(
  target: TargetConfig,
  projectRoot: string,
  dialect: RedshiftDialect,
): Promise<() => Promise<Connection>> {
  const { method } = readSettings(target, REDSHIFT_COMMON_SETTINGS);
  if (method === 'pg') {
    assertRequiredSettings(target, PG_SETTINGS, 'redshift, method pg');
    const { RedshiftPgConnection } = await import('./pg-connection.js');
    const config = pgClientConfig(target, projectRoot);
    return () => RedshiftPgConnection.open(config, dialect);
  }
  assertRequiredSettings(target, DATA_API_SETTINGS, 'redshift, method data-api');
  // The Data API connection pulls in the AWS SDK: it loads only for data-api targets.
  const { openDataApiConnection } = await import('./data-api-connection.js');
  return () => openDataApiConnection(target, dialect);
}

/** Registers Redshift: its settings as data (each method checks its own), and the factory. */
export const redshiftAdapterFactory: AdapterFactory = {
  type: 'redshift',
  settings: REDSHIFT_TARGET.settings,
  create: createRedshiftAdapter,
};
