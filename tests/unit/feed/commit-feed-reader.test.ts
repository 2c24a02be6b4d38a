import { mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CommitStream } from '../../../ingest/ops/commit-stream.js';
import { advance, CommitFeedReader, FeedChainError } from '../../../src/feed/commit-feed-reader.js';
import { commitRecordPath } from '../../../src/feed/commit-record.js';
import { CommitPush } from '../../../src/feed/commit-push.js';
import { LocalFeedStore } from '../../../src/feed/feed-store.js';
import { appendCommit } from '../../support/feed-lake.js';

const lakes: string[] = [];
afterEach(() => {
  for (const lake of lakes.splice(0)) rmSync(lake, { recursive: true, force: true });
});

function lake(): string {
  const dir = mkdtempSync(join(tmpdir(), 'strata-feed-'));
  lakes.push(dir);
  return dir;
}

const event = (id: string) => ({ id, event_time: '2026-01-05T10:00:00Z' });

describe('CommitFeedReader', () => {
  it('lists the records after a cursor, per partition in offset order', async () => {
    const root = lake();
    appendCommit(root, 'orders', 1, [event('a')]);
    appendCommit(root, 'orders', 0, [event('b'), event('c')]);
    appendCommit(root, 'orders', 0, [event('d')]);
    appendCommit(root, 'users', 0, [event('e')]);
    const reader = new CommitFeedReader(new LocalFeedStore(root));
    expect(await reader.topics()).toEqual(['orders', 'users']);
    const cursor = new Map<string, number>();
    const first = await reader.after(['orders'], cursor);
    expect(first.map((record) => record.id)).toEqual(['orders+0+0', 'orders+0+2', 'orders+1+0']);
    advance(cursor, first);
    expect(cursor).toEqual(
      new Map([
        ['orders/0', 3],
        ['orders/1', 1],
      ]),
    );
    expect(await reader.after(['orders'], cursor)).toEqual([]);
    appendCommit(root, 'orders', 0, [event('f')]);
    expect((await reader.after(['orders'], cursor)).map((record) => record.id)).toEqual(['orders+0+3']);
  });

  it('stops at a hole in a partition chain instead of skipping it', async () => {
    const root = lake();
    appendCommit(root, 'orders', 0, [event('a')]);
    appendCommit(root, 'orders', 0, [event('b')]);
    appendCommit(root, 'orders', 0, [event('c')]);
    rmSync(join(root, ...commitRecordPath('orders', 0, 1).split('/')));
    const reader = new CommitFeedReader(new LocalFeedStore(root));
    await expect(reader.after(['orders'], new Map([['orders/0', 1]]))).rejects.toThrow(FeedChainError);
    await expect(reader.after(['orders'], new Map())).rejects.toThrow(
      'the commit feed of orders partition 0 breaks at offset 1: the next record',
    );
    // the end of the feed is found without reading the chain: a restarted watcher starts there
    expect(await reader.end(['orders', 'users'])).toEqual(new Map([['orders/0', 3]]));
  });
});

describe('the /commits push', () => {
  it('wakes a listener for each commit the ingester publishes', async () => {
    const stream = new CommitStream();
    const server = createServer((request, response) => stream.handle(request, response));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    let wakes = 0;
    let woken: () => void = () => undefined;
    const push = new CommitPush(`http://127.0.0.1:${port}/commits`, () => {
      wakes += 1;
      woken();
    });
    try {
      // the first wake-up comes with the connection: read what landed while not listening
      await new Promise<void>((resolve) => (woken = resolve));
      expect(wakes).toBe(1);
      const root = lake();
      const next = new Promise<void>((resolve) => (woken = resolve));
      stream.publish(appendCommit(root, 'orders', 0, [event('a')]));
      await next;
      expect(wakes).toBe(2);
    } finally {
      push.close();
      stream.close();
      server.closeAllConnections();
      server.close();
    }
  });
});
