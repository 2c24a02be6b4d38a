import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { describeConformance } from '../../conformance/describe-conformance.js';
import { UNSUPPORTED_ON_POSTGRES } from '../../conformance/redshift-stand-in.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { postgresClientConfig } from '../../services/postgres/postgres-service.js';
import { startDataApiHost, type DataApiHost } from '../../services/aws/redshift-data-api/data-api-host.js';
import { TEST_CREDENTIALS, useTestCredentials } from '../../services/aws/redshift-data-api/test-target.js';
import { installRedshiftFunctionsOn } from '../../services/stand-ins/redshift/redshift-functions.js';
import { conformanceReader } from './conformance-reader.js';

/**
 * The conformance project on `type: redshift, method: data-api`: the AWS SDK talks to the
 * Data API test host, which runs each statement on PostgreSQL, the Redshift stand-in.
 */
describeWithService('postgres', 'Redshift (method data-api) through the Data API test host', (service) => {
  let host: DataApiHost;
  let restoreCredentials: () => void = () => undefined;
  // the user the project's grants name
  const reader = conformanceReader(service);

  beforeAll(async () => {
    await installRedshiftFunctionsOn(postgresClientConfig(service));
    await reader.create();
    // the CLI inherits them too: the SDK finds them as a user's AWS_* variables
    restoreCredentials = useTestCredentials();
    host = await startDataApiHost({
      postgres: postgresClientConfig(service),
      accessKeyId: TEST_CREDENTIALS.accessKeyId,
    });
  });
  afterAll(async () => {
    await host?.close();
    restoreCredentials();
    await reader.drop();
  });

  describeConformance('redshift_data_api', {
    env: () => ({
      STRATA_REDSHIFT_DATA_API_ENDPOINT: host.endpoint,
      STRATA_REDSHIFT_CLUSTER: 'strata-test-cluster',
      STRATA_REDSHIFT_DB_USER: host.user,
      STRATA_REDSHIFT_DATABASE: host.database,
      STRATA_CONFORMANCE_SCHEMA: `conformance_${randomUUID().slice(0, 8)}`,
    }),
    unsupported: UNSUPPORTED_ON_POSTGRES,
    dropSchemas: true,
    grants: reader,
  });
});
