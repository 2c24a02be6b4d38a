/**
 * The lease table on the local lake: a lease changes only by creating its next version,
 * so of several writers that read the same version exactly one wins.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { LocalLakeStore } from '../../../../ingest/compaction/local-lake-store.js';
import { LeaseTable, type Lease } from '../../../../ingest/sources/kinesis/lease-table.js';

const stores: LocalLakeStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

function table(): LeaseTable {
  const store = new LocalLakeStore(mkdtempSync(join(tmpdir(), 'strata-leases-')));
  stores.push(store);
  return new LeaseTable(store, 'app');
}

const FIRST: Omit<Lease, 'version'> = {
  stream: 's',
  shardId: 'shardId-000000000000',
  parents: [],
  owner: null,
  checkpoint: 'TRIM_HORIZON',
};

it('creates a lease once', async () => {
  const leases = table();
  expect(await leases.create(FIRST)).toBe(true);
  expect(await leases.create({ ...FIRST, owner: 'other' })).toBe(false);
  expect(await leases.get('s', FIRST.shardId)).toEqual({ ...FIRST, version: 0 });
  expect(await leases.list('s')).toEqual([{ ...FIRST, version: 0 }]);
});

it('lets exactly one of several writers of the same version change the lease', async () => {
  const leases = table();
  await leases.create(FIRST);
  const read = (await leases.get('s', FIRST.shardId))!;
  const outcomes = await Promise.all(
    Array.from({ length: 8 }, (_, index) => leases.update(read, { ...read, owner: `worker-${index}` })),
  );
  const winners = outcomes.filter((outcome) => outcome !== undefined);
  expect(winners).toHaveLength(1);
  expect(await leases.get('s', FIRST.shardId)).toEqual(winners[0]);
  // A writer holding the old version loses even after the winner moved on.
  const moved = await leases.update(winners[0]!, { ...winners[0]!, checkpoint: { sequenceNumber: '42' } });
  expect(moved?.version).toBe(2);
  expect(await leases.update(read, { ...read, owner: 'late' })).toBeUndefined();
  expect((await leases.get('s', FIRST.shardId))?.checkpoint).toEqual({ sequenceNumber: '42' });
});

it('does not let a writer that read a lease long ago win by recreating a pruned version', async () => {
  const leases = table();
  await leases.create(FIRST);
  const stale = (await leases.get('s', FIRST.shardId))!;
  let current = stale;
  for (let step = 0; step < 8; step += 1) current = (await leases.update(current, { ...current, owner: 'live' }))!;
  // Pruning runs after each change; wait until version 1 (the stale writer's next) is gone.
  await waitUntilPruned(leases, stale);
  expect(await leases.update(stale, { ...stale, owner: 'stale' })).toBeUndefined();
  expect((await leases.get('s', FIRST.shardId))?.owner).toBe('live');
});

async function waitUntilPruned(leases: LeaseTable, stale: Lease): Promise<void> {
  for (;;) {
    const before = await leases.get('s', stale.shardId);
    const store = stores.at(-1)!;
    const { files } = await store.list(`.strata-leases/app/s/${stale.shardId}`);
    if (!files.includes(`${String(stale.version + 1).padStart(16, '0')}.json`) && before) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
