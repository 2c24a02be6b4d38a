/** Which leases a Kinesis worker takes: its even share, free or expired first, then one stolen. */
import { describe, expect, it } from 'vitest';
import { chooseLeases } from '../../../../ingest/sources/kinesis/lease-balance.js';
import type { Lease } from '../../../../ingest/sources/kinesis/lease-table.js';

const lease = (shard: number, owner: string | null, extra: Partial<Lease> = {}): Lease => ({
  stream: 's',
  shardId: `shardId-${String(shard).padStart(12, '0')}`,
  parents: [],
  owner,
  checkpoint: 'TRIM_HORIZON',
  version: 1,
  ...extra,
});
const shards = (choice: ReturnType<typeof chooseLeases>) => ({
  take: choice.take.map((taken) => taken.shardId.slice(-1)),
  steal: choice.steal?.shardId.slice(-1),
});
const never = () => false;

describe('chooseLeases', () => {
  it('takes every free lease when alone', () => {
    const leases = [0, 1, 2, 3].map((shard) => lease(shard, null));
    expect(shards(chooseLeases({ leases, me: 'a', expired: never }))).toEqual({ take: ['0', '1', '2', '3'] });
  });

  it('steals one lease at a time from a worker above its share, and stops at the share', () => {
    const all = [0, 1, 2, 3].map((shard) => lease(shard, 'b'));
    expect(shards(chooseLeases({ leases: all, me: 'a', expired: never }))).toEqual({ take: [], steal: '0' });
    const even = [lease(0, 'a'), lease(1, 'a'), lease(2, 'b'), lease(3, 'b')];
    expect(shards(chooseLeases({ leases: even, me: 'a', expired: never }))).toEqual({ take: [] });
    expect(shards(chooseLeases({ leases: even, me: 'c', expired: never }))).toEqual({ take: [] });
  });

  it('takes the expired leases of a worker that stopped renewing', () => {
    const leases = [lease(0, 'a'), lease(1, 'a'), lease(2, 'dead'), lease(3, 'dead')];
    const expired = (candidate: Lease) => candidate.owner === 'dead';
    expect(shards(chooseLeases({ leases, me: 'a', expired }))).toEqual({ take: ['2', '3'] });
  });

  it('leaves a child until every parent was read to its end', () => {
    const open = [lease(0, null), lease(1, null, { parents: ['shardId-000000000000'] })];
    expect(shards(chooseLeases({ leases: open, me: 'a', expired: never }))).toEqual({ take: ['0'] });
    const ended = [lease(0, null, { checkpoint: 'SHARD_END' }), lease(1, null, { parents: ['shardId-000000000000'] })];
    expect(shards(chooseLeases({ leases: ended, me: 'a', expired: never }))).toEqual({ take: ['1'] });
    // A parent no longer in the table (past the stream's retention) does not hold its child back.
    const orphan = [lease(1, null, { parents: ['shardId-000000000009'] })];
    expect(shards(chooseLeases({ leases: orphan, me: 'a', expired: never }))).toEqual({ take: ['1'] });
  });
});
