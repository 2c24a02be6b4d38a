/**
 * `source: kinesis` against the `aws` test service's Kinesis (moto), polling GetRecords:
 * every record of a stream lands exactly once while the ingester is killed with SIGKILL at
 * random moments, and malformed records land in rejected/ so that consumed = written +
 * rejected (the proof is in tests/support/kinesis-kill-proof.ts; kinesis-efo.test.ts runs
 * it with enhanced fan-out).
 */
import { afterAll, it } from 'vitest';
import { kinesisService } from '../../support/kinesis-harness.js';
import { proveExactlyOnceThroughKills } from '../../support/kinesis-kill-proof.js';
import { describeWithService } from '../../services/lifecycle/integration.js';

describeWithService('aws', 'Kinesis source: exactly once', (service) => {
  const kinesis = kinesisService(service);
  afterAll(() => kinesis.client.destroy());

  it('lands every record of a stream once through SIGKILLs, malformed ones in rejected/', async () => {
    await proveExactlyOnceThroughKills(kinesis);
  }, 300_000);
});
