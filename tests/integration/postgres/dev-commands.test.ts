import { randomUUID } from 'node:crypto';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { itClonesAndDefers } from '../../support/two-target-project.js';

describeWithService('postgres', 'clone, --defer and --empty on Redshift method pg (PostgreSQL stand-in)', (service) => {
  itClonesAndDefers(
    () => [
      'type: redshift',
      'method: pg',
      `host: ${service.host}`,
      `port: ${service.port}`,
      `user: ${String(service.details['user'])}`,
      `dbname: ${String(service.details['database'])}`,
      'sslmode: disable',
    ],
    () => ({}),
    { suffix: randomUUID().slice(0, 8), zeroCopy: false },
  );
});
