import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { ServiceInfo } from '../../services/lifecycle/service.js';
import { postgresClientConfig } from '../../services/postgres/postgres-service.js';
import type { GrantsProbe } from '../../conformance/hooks-and-grants.js';
import type { RelationName } from '../../../src/manifest/types.js';

/** A user of the PostgreSQL stand-in for the conformance project's `grants`, created and dropped by the suite. */
export interface ConformanceReader extends GrantsProbe {
  create(): Promise<void>;
  /** Drop the user, once the schemas (and the privileges on them) are gone. */
  drop(): Promise<void>;
}

/**
 * A fresh user (suites share the server) and the question the grants step asks: may it read
 * a relation, asked as that user. It is given the schema's usage first, which the project
 * does not grant: only the relation's own privileges are under test.
 */
export function conformanceReader(service: ServiceInfo): ConformanceReader {
  const reader = `conformance_reader_${randomUUID().slice(0, 8)}`;
  const admin = async <T>(use: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client(postgresClientConfig(service));
    await client.connect();
    try {
      return await use(client);
    } finally {
      await client.end();
    }
  };
  return {
    reader,
    create: () => admin((client) => client.query(`create user ${reader}`).then(() => undefined)),
    drop: () => admin((client) => client.query(`drop user if exists ${reader}`).then(() => undefined)),
    canRead: (relation: RelationName) =>
      admin(async (client) => {
        await client.query(`grant usage on schema "${relation.schema}" to ${reader}`);
        await client.query(`set role ${reader}`);
        try {
          await client.query(`select * from "${relation.schema}"."${relation.identifier}" where 1 = 0`);
          return true;
        } catch (error) {
          if (!/permission denied/.test(String(error))) throw error;
          return false;
        }
      }),
  };
}
