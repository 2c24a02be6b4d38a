import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { describeConformance } from '../../conformance/describe-conformance.js';
import { UNSUPPORTED_ON_POSTGRES } from '../../conformance/redshift-stand-in.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { postgresClientConfig } from '../../services/postgres/postgres-service.js';
import { installRedshiftFunctionsOn } from '../../services/stand-ins/redshift/redshift-functions.js';
import { conformanceReader } from './conformance-reader.js';

/**
 * The conformance project on `type: redshift, method: pg` against PostgreSQL, the
 * Redshift stand-in: the Redshift dialect's SQL and the pg connection on a real engine.
 */
describeWithService('postgres', 'Redshift (method pg) on the PostgreSQL stand-in', (service) => {
  // the user the project's grants name
  const reader = conformanceReader(service);
  // getdate() and the other Redshift built-ins PostgreSQL lacks
  beforeAll(async () => {
    await installRedshiftFunctionsOn(postgresClientConfig(service));
    await reader.create();
  });
  afterAll(() => reader.drop());

  describeConformance('redshift_pg', {
    env: {
      STRATA_REDSHIFT_HOST: service.host,
      STRATA_REDSHIFT_PORT: String(service.port),
      STRATA_REDSHIFT_USER: String(service.details['user']),
      STRATA_REDSHIFT_DATABASE: String(service.details['database']),
      STRATA_REDSHIFT_SSLMODE: 'disable',
      // Redshift reads a backslash in a string literal as an escape; so must the stand-in.
      STRATA_REDSHIFT_OPTIONS: '-c standard_conforming_strings=off',
      // a schema of its own: suites share the server
      STRATA_CONFORMANCE_SCHEMA: `conformance_${randomUUID().slice(0, 8)}`,
    },
    unsupported: UNSUPPORTED_ON_POSTGRES,
    dropSchemas: true,
    grants: reader,
  });
});
