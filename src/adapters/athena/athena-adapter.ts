import type { Adapter, AdapterFactory, Connection, TargetConfig } from '../contract.js';
import { AthenaDialect } from './athena-dialect.js';
import { ATHENA_SETTINGS, readAthenaOptions } from './athena-settings.js';

/**
 * Athena: queries through the Athena API, the catalog in Glue, tables as Parquet on S3.
 * The AWS SDK modules load only when a target of this type connects.
 */
export class AthenaAdapter implements Adapter {
  readonly dialect = new AthenaDialect();

  constructor(readonly target: TargetConfig) {}

  async connect(): Promise<Connection> {
    const { openAthenaConnection } = await import('./athena-connection.js');
    return openAthenaConnection(this.target, this.dialect);
  }

  // Connections are the runner's to close; nothing is shared between them.
  async close(): Promise<void> {}
}

/** Registers Athena: its settings as data, and the factory. */
export const athenaAdapterFactory: AdapterFactory = {
  type: 'athena',
  settings: ATHENA_SETTINGS,
  async create(target) {
    // Settings are checked before any connection, so a mistake fails the run at once.
    readAthenaOptions(target);
    return new AthenaAdapter(target);
  },
};
