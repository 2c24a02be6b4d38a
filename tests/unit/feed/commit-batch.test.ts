import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nextCommitBatch } from '../../../src/feed/commit-batch.js';
import { CommitFeedReader } from '../../../src/feed/commit-feed-reader.js';
import { LocalFeedStore } from '../../../src/feed/feed-store.js';
import { appendCommit } from '../../support/feed-lake.js';

const lakes: string[] = [];
afterEach(() => {
  for (const lake of lakes.splice(0)) rmSync(lake, { recursive: true, force: true });
});

const at = (id: string, time: string) => ({ id, event_time: time });

describe('nextCommitBatch', () => {
  it('takes the commits after the cursor, their files, and the cursor to store after them', async () => {
    const root = mkdtempSync(join(tmpdir(), 'strata-batch-'));
    lakes.push(root);
    const first = appendCommit(root, 'orders', 0, [at('a', '2026-01-05T10:00:00Z')]);
    const second = appendCommit(root, 'orders', 0, [at('b', '2026-01-05T09:30:00Z'), at('c', '2026-01-05T11:00:00Z')]);
    const third = appendCommit(root, 'orders', 1, [at('d', '2026-01-05T10:15:00Z')]);
    const reader = new CommitFeedReader(new LocalFeedStore(root));

    const batch = await nextCommitBatch(reader, ['orders'], new Map([['orders/0', 1]]));
    expect(batch).toEqual({
      commits: [second, third],
      commitIds: ['orders+0+1', 'orders+1+0'],
      files: [second.files[0]!.path, third.files[0]!.path],
      rows: 3,
      minEventTime: '2026-01-05T09:30:00.000Z',
      maxEventTime: '2026-01-05T11:00:00.000Z',
      nextCursor: new Map([
        ['orders/0', 3],
        ['orders/1', 1],
      ]),
    });
    // processed again from the same cursor (a crash before its cursor was stored): the same batch
    expect(await nextCommitBatch(reader, ['orders'], new Map([['orders/0', 1]]))).toEqual(batch);
    expect(await nextCommitBatch(reader, ['orders'], batch!.nextCursor)).toBeUndefined();

    const limited = await nextCommitBatch(reader, ['orders'], new Map(), 1);
    expect(limited?.commitIds).toEqual([first.id, third.id]);
    expect(limited?.nextCursor).toEqual(
      new Map([
        ['orders/0', 1],
        ['orders/1', 1],
      ]),
    );
  });
});
