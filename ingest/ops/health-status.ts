/**
 * The `/healthz` verdict of an ingester instance: healthy while it is connected, a member
 * of its consumer group, not stopping, not crashed, and landing data. The body always
 * carries the facts; when unhealthy, `reason` says the first thing that is wrong.
 */
import type { FailureStreak } from '../pipeline/flush-backoff.js';
import type { HealthStatus } from '../../src/ops/http-server.js';
import { writeHealth } from './write-health.js';

/** What the instance knows about itself. */
export interface IngesterFacts {
  connected: boolean;
  joined: boolean;
  stopping: boolean;
  assignedPartitions: number;
  crashed?: Error;
  /** partitions whose last flushes failed */
  failing: readonly FailureStreak[];
}

export function healthStatus(facts: IngesterFacts): HealthStatus {
  const writes = writeHealth(facts.failing);
  const reason = facts.crashed
    ? `the Kafka consumer crashed: ${facts.crashed.message}`
    : facts.stopping
      ? 'stopping'
      : !facts.connected
        ? 'not connected to Kafka'
        : !facts.joined
          ? 'not a member of the consumer group yet'
          : writes.reason;
  return {
    healthy: reason === undefined,
    detail: {
      ...(reason === undefined ? {} : { reason }),
      connected: facts.connected,
      joined: facts.joined,
      stopping: facts.stopping,
      assigned_partitions: facts.assignedPartitions,
      ...(facts.crashed ? { error: facts.crashed.message } : {}),
      ...(writes.failing.length > 0 ? { write_failures: writes.failing } : {}),
    },
  };
}
