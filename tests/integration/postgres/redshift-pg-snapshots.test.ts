import { randomUUID } from 'node:crypto';
import { beforeAll } from 'vitest';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { postgresClientConfig } from '../../services/postgres/postgres-service.js';
import { installRedshiftFunctionsOn } from '../../services/stand-ins/redshift/redshift-functions.js';
import { itRecordsSnapshotsOn } from '../snapshots-on-warehouse.js';

/**
 * The snapshots fixture on `type: redshift, method: pg` against the PostgreSQL stand-in: rows
 * closed (UPDATE ... FROM) and inserted in one transaction.
 */
describeWithService('postgres', 'snapshots on Redshift (method pg) on the PostgreSQL stand-in', (service) => {
  // getdate() and the other Redshift built-ins PostgreSQL lacks
  beforeAll(() => installRedshiftFunctionsOn(postgresClientConfig(service)));

  itRecordsSnapshotsOn(
    'redshift_pg',
    () => ({
      STRATA_REDSHIFT_HOST: service.host,
      STRATA_REDSHIFT_PORT: String(service.port),
      STRATA_REDSHIFT_USER: String(service.details['user']),
      STRATA_REDSHIFT_DATABASE: String(service.details['database']),
      STRATA_SNAPSHOTS_SCHEMA: `snapshots_${randomUUID().slice(0, 8)}`,
    }),
    true,
  );
});
