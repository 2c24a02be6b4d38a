import type { Adapter, AdapterFactory, Connection, TargetConfig } from '../contract.js';
import { assertRequiredSettings, choiceSetting } from '../target-settings.js';
import { RedshiftDialect } from './redshift-dialect.js';
import { DATA_API_SETTINGS } from './data-api-settings.js';
import { PG_SETTINGS, pgClientConfig } from './pg-settings.js';

const METHODS = ['data-api', 'pg'] as const;
type RedshiftMethod = (typeof METHODS)[number];

/** Settings of every Redshift target, whatever the method. */
const COMMON_SETTINGS: AdapterFactory['settings'] = [
  { name: 'method', required: false, description: 'data-api (the default: the Redshift Data API over HTTPS) or pg (a direct connection)' },
];

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
  const method = choiceSetting<RedshiftMethod>(target, 'method', METHODS, 'data-api');
  if (method === 'pg') {
    assertRequiredSettings(target, PG_SETTINGS, 'redshift, method pg');
    const { RedshiftPgConnection } = await import('./pg-connection.js');
    const config = pgClientConfig(target, projectRoot);
    return new RedshiftAdapter(target, dialect, () => RedshiftPgConnection.open(config, dialect));
  }
  assertRequiredSettings(target, DATA_API_SETTINGS, 'redshift, method data-api');
  // The Data API connection pulls in the AWS SDK: it loads only for data-api targets.
  const { openDataApiConnection } = await import('./data-api-connection.js');
  return new RedshiftAdapter(target, dialect, () => openDataApiConnection(target, dialect));
}

/** Registers Redshift: its settings as data (each method checks its own), and the factory. */
export const redshiftAdapterFactory: AdapterFactory = {
  type: 'redshift',
  settings: [...COMMON_SETTINGS, ...[...PG_SETTINGS, ...DATA_API_SETTINGS].map((s) => ({ ...s, required: false }))],
  create: createRedshiftAdapter,
};
