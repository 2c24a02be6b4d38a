/**
 * How commits reach the Snowflake-protocol server in the live benchmark. On Snowflake the
 * Bronze sources are external tables over the lake's stage, so a commit is visible to the
 * next query without a load; the test server cannot read S3 or the lake, so, as its
 * stand-in does for whole lakes (tests/services/stand-ins/snowflake/bronze-tables.ts), this
 * copies each batch of commits' Bronze files into the `bronze_<topic>` tables (one statement
 * per topic, the server reading the files), then re-publishes the
 * commit record under a second lake root (`loaded`), whose feed the watcher follows: a
 * commit reaches the watcher only once its rows are in the warehouse. The load time is
 * counted apart from the run time (`loads`): it is the stand-in's, not Snowflake's.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Connection, Dialect } from '../src/adapters/contract.js';
import { advance, CommitFeedReader, type FeedCursor } from '../src/feed/commit-feed-reader.js';
import { commitRecordPath, type CommitRecord } from '../src/feed/commit-record.js';
import { LocalFeedStore } from '../src/feed/feed-store.js';
import { insertSnowflakeBronzeFiles } from '../tests/services/stand-ins/snowflake/bronze-tables.js';

export interface BronzeLoaderOptions {
  /** the ingester's lake root */
  lake: string;
  /** where the loaded commits' records are written: a lake root with only a feed */
  loaded: string;
  /** the topics, and the table suffix of each (`bronze_<suffix>`) */
  topics: Map<string, string>;
  schema: string;
  connection: Connection;
  dialect: Dialect;
  pollMs: number;
}

export class SnowflakeBronzeLoader {
  /** ms each load of a batch of commits took (insert of their rows, then the records) */
  readonly loads: number[] = [];
  private readonly reader: CommitFeedReader;
  private readonly cursor: FeedCursor = new Map();
  private stopped = false;
  private loop?: Promise<void>;

  constructor(private readonly options: BronzeLoaderOptions) {
    this.reader = new CommitFeedReader(new LocalFeedStore(options.lake));
  }

  start(): void {
    this.loop = this.run();
  }

  /** Stop after the load in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const records = await this.reader.after([...this.options.topics.keys()], this.cursor);
      if (records.length > 0) {
        const started = performance.now();
        await this.load(records);
        this.loads.push(performance.now() - started);
        advance(this.cursor, records);
      } else await new Promise((done) => setTimeout(done, this.options.pollMs));
    }
  }

  /** One insert per topic (a statement costs the server far more than its rows), then the records. */
  private async load(records: CommitRecord[]): Promise<void> {
    const { lake, loaded, topics, schema, connection, dialect } = this.options;
    for (const [topic, suffix] of topics) {
      const files = records
        .filter((record) => record.topic === topic)
        .flatMap((record) => record.files)
        .filter((file) => !file.rejected)
        .map((file) => join(lake, file.path));
      await insertSnowflakeBronzeFiles(connection, dialect, schema, suffix, files);
    }
    // whole or not at all, as the ingester writes its records
    for (const record of records) {
      const path = join(loaded, commitRecordPath(record.topic, record.partition, record.start_offset));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(`${path}.tmp`, JSON.stringify(record));
      renameSync(`${path}.tmp`, path);
    }
  }
}
