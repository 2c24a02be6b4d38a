import { request } from 'node:http';
import { beforeAll, expect, it } from 'vitest';
import { CommitFeedReader } from '../../../src/feed/commit-feed-reader.js';
import { FEED_FOLDER, type CommitRecord } from '../../../src/feed/commit-record.js';
import { LocalFeedStore } from '../../../src/feed/feed-store.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import {
  IngesterProcess,
  committedCount,
  produce,
  readLake,
  waitUntil,
  writeIngestConfig,
} from '../../support/ingest-harness.js';
import { idEvent } from './ingest-ids.js';
import { useKafkaSuite } from './kafka-suite.js';
import { killMidFlush } from './kills-mid-flush.js';

const EVENTS = 40_000;
const PARTITIONS = 3;
const KILLS = 3;

/** The `commit` events of the ingester's `/commits` stream, as they arrive. */
function listen(port: number): { records: CommitRecord[]; close: () => void } {
  const records: CommitRecord[] = [];
  let pending = '';
  const req = request(`http://127.0.0.1:${port}/commits`, (response) => {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      const events = (pending + chunk).split('\n\n');
      pending = events.pop() ?? '';
      for (const event of events) {
        const data = /^data: (.*)$/m.exec(event)?.[1];
        if (/^event: commit$/m.test(event) && data) records.push(JSON.parse(data) as CommitRecord);
      }
    });
  });
  req.on('error', () => undefined);
  req.end();
  return { records, close: () => req.destroy() };
}

describeWithService('kafka', 'strata ingest: the commit feed across SIGKILLs', (service) => {
  const kafkaSuite = useKafkaSuite(service);
  const { broker, admin, producer, run } = kafkaSuite;
  const topic = `commit-feed-${run}`;
  const groupId = `commit-feed-${run}`;

  beforeAll(async () => {
    await kafkaSuite.createTopic(topic, PARTITIONS);
  });

  it(
    'records every Bronze file in exactly one commit, chained without gap, though the ingester is killed mid-flush',
    { timeout: 180_000 },
    async () => {
      const setup = writeIngestConfig({
        broker,
        groupId,
        topics: [{ name: topic }],
        rotation: { maxRecords: 400, maxSeconds: 1 },
        sessionTimeoutMs: 6_000,
        commitFeed: true,
      });
      await produce(producer, topic, EVENTS, (index) => idEvent(index, EVENTS));

      // Slow writes keep each flush busy for a while, most of it between its first file and its commit.
      const kills = await killMidFlush({
        suite: kafkaSuite,
        config: setup.config,
        groupId,
        topic,
        kills: KILLS,
        // Files and records written at or past their partition's committed offset: a flush cut short.
        pastCommit: (committed) =>
          readLake(setup.lake)
            .files.map((file) => file.path)
            .concat(readLake(setup.lake).other.filter((path) => path.startsWith(FEED_FOLDER)))
            .filter((path) => {
              const name = /\+(\d+)\+(\d+)\.jsonl\.gz$/.exec(path);
              const record = /\/(\d+)\/(\d{20})\.json$/.exec(path);
              const [partition, start] = (name ?? record ?? []).slice(1).map(Number);
              return partition !== undefined && (start ?? 0) >= (committed.get(partition) ?? 0);
            }).length,
      });

      const last = await IngesterProcess.start(setup.config, { timeoutMs: 60_000 });
      const pushed = listen(last.port as number);
      await waitUntil(
        async () => (await committedCount(admin, groupId, topic)) === EVENTS,
        90_000,
        'every offset to be committed',
      );
      last.kill('SIGTERM');
      expect((await last.exited).code).toBe(0);
      pushed.close();
      console.log(`commit feed: killed at ${kills.map((k) => `${k.committed} (${k.pastCommit} past the commit)`)}`);
      expect(kills.some((k) => k.pastCommit > 0)).toBe(true);

      // The engine's reader: from the start of each partition, chained (it throws at a gap or an overlap).
      const records = await new CommitFeedReader(new LocalFeedStore(setup.lake)).after([topic], new Map());
      for (let partition = 0; partition < PARTITIONS; partition += 1) {
        const chain = records.filter((record) => record.partition === partition);
        expect(chain[0]?.start_offset).toBe(0);
      }
      expect(records.reduce((sum, record) => sum + record.end_offset - record.start_offset, 0)).toBe(EVENTS);
      expect(records.reduce((sum, record) => sum + record.rows, 0)).toBe(EVENTS);

      // Every Bronze file is listed by exactly one record, with the lines it holds.
      const lake = readLake(setup.lake);
      const listed = records.flatMap((record) => record.files);
      expect(listed.map((file) => file.path).sort()).toEqual(lake.files.map((file) => file.path).sort());
      const lines = new Map(lake.files.map((file) => [file.path, file.lines.length]));
      for (const file of listed) expect(file.rows, file.path).toBe(lines.get(file.path));
      const ids = new Set(lake.files.flatMap((file) => file.lines.map((line) => line.payload as string)));
      expect(ids.size).toBe(EVENTS);

      // What the last run pushed is what it recorded, in order per partition.
      expect(pushed.records.length).toBeGreaterThan(0);
      const byId = new Map(records.map((record) => [record.id, record]));
      for (const record of pushed.records) expect(record).toEqual(byId.get(record.id));
    },
  );
});
