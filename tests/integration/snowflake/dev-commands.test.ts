import { randomUUID } from 'node:crypto';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { snowflakeTargetEnv } from '../../services/snowflake/snowflake-client.js';
import { itClonesAndDefers } from '../../support/two-target-project.js';

describeWithService('snowflake', 'clone, --defer and --empty on Snowflake (Snowflake-protocol server)', (service) => {
  const env = snowflakeTargetEnv(service);
  itClonesAndDefers(
    () => [
      'type: snowflake',
      'account: "{{ env_var(\'STRATA_SNOWFLAKE_ACCOUNT\') }}"',
      'user: "{{ env_var(\'STRATA_SNOWFLAKE_USER\') }}"',
      'password: "{{ env_var(\'STRATA_SNOWFLAKE_PASSWORD\') }}"',
      'database: "{{ env_var(\'STRATA_SNOWFLAKE_DATABASE\') }}"',
      'host: "{{ env_var(\'STRATA_SNOWFLAKE_HOST\') }}"',
      'port: "{{ env_var(\'STRATA_SNOWFLAKE_PORT\') }}"',
      'protocol: "{{ env_var(\'STRATA_SNOWFLAKE_PROTOCOL\') }}"',
    ],
    () => env,
    { suffix: randomUUID().slice(0, 8), zeroCopy: true },
  );
});
