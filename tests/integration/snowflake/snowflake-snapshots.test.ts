import { randomUUID } from 'node:crypto';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { snowflakeTargetEnv } from '../../services/snowflake/snowflake-client.js';
import { itRecordsSnapshotsOn } from '../snapshots-on-warehouse.js';

/** The snapshots fixture on `type: snowflake` against the Snowflake-protocol server (fakesnow). */
describeWithService('snowflake', 'snapshots on Snowflake (the Snowflake-protocol server)', (service) => {
  itRecordsSnapshotsOn(
    'snowflake',
    () => ({
      ...snowflakeTargetEnv(service),
      STRATA_SNAPSHOTS_SCHEMA: `snapshots_${randomUUID().slice(0, 8)}`,
    }),
    true,
  );
});
