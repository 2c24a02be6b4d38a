import { randomUUID } from 'node:crypto';
import { describeConformance } from '../../conformance/describe-conformance.js';
import { UNSUPPORTED_ON_FAKESNOW } from '../../conformance/snowflake-stand-in.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { snowflakeTargetEnv } from '../../services/snowflake/snowflake-client.js';

/**
 * The conformance project on `type: snowflake` through the real snowflake-sdk, against
 * the Snowflake-protocol server of the test services (fakesnow, executing on DuckDB).
 */
describeWithService('snowflake', 'Snowflake on the Snowflake-protocol server', (service) => {
  describeConformance('snowflake', {
    env: {
      ...snowflakeTargetEnv(service),
      // a schema of its own: suites share the server
      STRATA_CONFORMANCE_SCHEMA: `conformance_${randomUUID().slice(0, 8)}`,
    },
    unsupported: UNSUPPORTED_ON_FAKESNOW,
    dropSchemas: true,
  });
});
