/**
 * Which leases a worker takes, as KCL decides it: the shards still to read are shared
 * evenly among the live workers (those holding a lease that is not expired, and this one).
 * Below its share, a worker takes free or expired leases; when there are none, it steals
 * one from the worker holding the most, if that one holds more than its share. A child
 * shard is not taken before every parent was read to its end (its checkpoint is
 * SHARD_END), so the records of a key stay in order across a split or a merge.
 */
import type { Lease } from './lease-table.js';

export interface LeaseView {
  leases: Lease[];
  /** this worker */
  me: string;
  /** whether a lease's version has stood still for the failover time */
  expired: (lease: Lease) => boolean;
}

export interface LeaseChoice {
  take: Lease[];
  steal?: Lease;
}

const key = (lease: Pick<Lease, 'stream' | 'shardId'>): string => `${lease.stream}/${lease.shardId}`;

/** The leases to take now. */
export function chooseLeases({ leases, me, expired }: LeaseView): LeaseChoice {
  const byKey = new Map(leases.map((lease) => [key(lease), lease]));
  const parentsDone = (lease: Lease): boolean =>
    lease.parents.every((parent) => {
      const found = byKey.get(key({ stream: lease.stream, shardId: parent }));
      return found === undefined || found.checkpoint === 'SHARD_END';
    });
  const open = leases.filter((lease) => lease.checkpoint !== 'SHARD_END');
  const held = (lease: Lease): boolean => lease.owner !== null && !expired(lease);
  const counts = new Map<string, number>([[me, 0]]);
  for (const lease of open) if (held(lease) && lease.owner) counts.set(lease.owner, (counts.get(lease.owner) ?? 0) + 1);
  const target = Math.ceil(open.length / counts.size);
  const mine = counts.get(me) ?? 0;
  if (mine >= target) return { take: [] };
  const available = open.filter((lease) => !held(lease) && parentsDone(lease));
  if (available.length > 0) return { take: available.slice(0, target - mine) };
  const [richest, most] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? [me, 0];
  if (richest === me || most <= target) return { take: [] };
  const steal = open.find((lease) => lease.owner === richest && held(lease) && parentsDone(lease));
  return steal ? { take: [], steal } : { take: [] };
}
