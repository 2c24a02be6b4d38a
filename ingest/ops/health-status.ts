/**
 * The `/healthz` verdict of an ingester instance: healthy while it is connected, a member
 * of its consumer group (Kinesis: has done a lease-table pass), not stopping, not crashed,
 * and landing data. The body always carries the facts; when unhealthy, `reason` says the
 * first thing that is wrong, in the words of the source it reads.
 */
import type { FailureStreak } from '../pipeline/flush-backoff.js';
import type { HealthStatus } from '../../src/ops/http-server.js';
import { writeHealth } from './write-health.js';

/** What the instance knows about itself. */
export interface IngesterFacts {
  /** what it reads, for the words of `reason` (default kafka) */
  source?: 'kafka' | 'kinesis';
  connected: boolean;
  joined: boolean;
  stopping: boolean;
  assignedPartitions: number;
  crashed?: Error;
  /** partitions whose last flushes failed */
  failing: readonly FailureStreak[];
}

/** How each source names its reader, its service and its membership among instances. */
const WORDS = {
  kafka: {
    crashed: 'the Kafka consumer crashed',
    unconnected: 'not connected to Kafka',
    unjoined: 'not a member of the consumer group yet',
  },
  kinesis: {
    crashed: 'the Kinesis worker crashed',
    unconnected: 'not connected to Kinesis (the last shard listing or lease-table pass failed)',
    unjoined: 'no shard listing and lease-table pass done yet',
  },
} as const;

export function healthStatus(facts: IngesterFacts): HealthStatus {
  const writes = writeHealth(facts.failing);
  const words = WORDS[facts.source ?? 'kafka'];
  const reason = facts.crashed
    ? `${words.crashed}: ${facts.crashed.message}`
    : facts.stopping
      ? 'stopping'
      : !facts.connected
        ? words.unconnected
        : !facts.joined
          ? words.unjoined
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
