import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { startAthenaStack, type AthenaTestStack } from '../../services/aws/athena-api/test-target.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { itClonesAndDefers } from '../../support/two-target-project.js';
import { awsBehindTrino } from './athena-stack.js';

describeWithService('trino', 'clone, --defer and --empty on Athena (Athena API host -> Trino)', (trino) => {
  let stack: AthenaTestStack;
  const saved = { ...process.env };
  beforeAll(async () => {
    stack = await startAthenaStack(trino, awsBehindTrino(), `dev-commands-${randomUUID().slice(0, 8)}`);
    // the checks read the warehouse in this process, whose AWS SDK takes credentials from the environment
    Object.assign(process.env, stack.env);
  });
  afterAll(async () => {
    await stack?.host.close();
    process.env = saved;
  });
  itClonesAndDefers(
    () => ['type: athena', ...Object.entries(stack.settings).map(([key, value]) => `${key}: "${String(value)}"`)],
    () => stack.env,
    { suffix: randomUUID().slice(0, 8), zeroCopy: false },
  );
});
