import { ConfigResourceTypes, Kafka, logLevel, type Admin, type KafkaMessage } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  buildEventStream,
  DEFAULT_EVENT_MODEL,
  generateBronzeSample,
  partitionForKey,
  TOPICS,
  type GeneratorTally,
  type Topic,
} from '../../../ingest/generator/index.js';
import type { KafkaGeneratorTally } from '../../../ingest/generator/kafka-generate.js';
import { strata, type CliResult } from '../../support/cli.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { kafkaBroker } from '../../services/kafka/kafka-service.js';
import { readLake, removeDir, type LakeLine } from '../../support/lake-files.js';

interface Consumed {
  topic: string;
  partition: number;
  message: KafkaMessage;
}

const SEED = 7;
const USERS = 80;
const DAYS = 2;

describeWithService('kafka', 'strata generate --kafka', (service) => {
  const broker = kafkaBroker(service);
  const kafka = new Kafka({ clientId: 'strata-generate-test', brokers: [broker], logLevel: logLevel.NOTHING });
  const admin: Admin = kafka.admin();
  const run = randomUUID().slice(0, 8);
  const dir = mkdtempSync(join(tmpdir(), 'strata-generate-kafka-'));
  const createdPrefixes: string[] = [];

  const generate = (
    prefix: string,
    args: string[],
    options: Parameters<typeof strata>[1] = { cwd: dir },
  ): Promise<CliResult> => {
    createdPrefixes.push(prefix);
    return strata(
      [
        'generate',
        '--kafka',
        broker,
        '--topic-prefix',
        prefix,
        '--seed',
        String(SEED),
        '--users',
        String(USERS),
        '--days',
        String(DAYS),
        ...args,
      ],
      options,
    );
  };
  const topicsOf = (prefix: string) => TOPICS.map((topic) => `${prefix}${topic}`);
  const readTally = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as KafkaGeneratorTally;

  /** Records in each topic: the sum of its partitions' end offsets (the topics start empty). */
  const endOffsets = async (prefix: string): Promise<Record<Topic, number>> => {
    const entries = await Promise.all(
      TOPICS.map(
        async (topic) =>
          [
            topic,
            (await admin.fetchTopicOffsets(`${prefix}${topic}`)).reduce((sum, p) => sum + Number(p.high), 0),
          ] as const,
      ),
    );
    return Object.fromEntries(entries) as Record<Topic, number>;
  };

  /** Every message of the prefix's topics, read from the beginning until `count` arrived. */
  async function consumeAll(prefix: string, count: number): Promise<Consumed[]> {
    const consumer = kafka.consumer({ groupId: `generate-test-${run}-${prefix}`, sessionTimeout: 10_000 });
    const received: Consumed[] = [];
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: topicsOf(prefix), fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`only ${received.length} of ${count} messages arrived`)),
          45_000,
        );
        consumer
          .run({
            eachBatch: async ({ batch }) => {
              for (const message of batch.messages)
                received.push({ topic: batch.topic, partition: batch.partition, message });
              if (received.length >= count) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    return received;
  }

  const lakeDir = join(dir, 'lake');
  const prefix = `gen-${run}.`;
  let generated: CliResult;
  let tally: KafkaGeneratorTally;
  let lakeTally: GeneratorTally;
  let lakeLines: LakeLine[];
  let consumed: Consumed[];

  beforeAll(async () => {
    await admin.connect();
    generated = await generate(prefix, ['--tally', join(dir, 'tally.json')]);
    expect(generated.stderr).toBe('');
    expect(generated.code).toBe(0);
    tally = readTally(join(dir, 'tally.json'));
    lakeTally = await generateBronzeSample({ lakeDir, seed: SEED, users: USERS, days: DAYS });
    lakeLines = (await readLake(lakeDir)).flatMap((file) => file.lines);
    consumed = await consumeAll(prefix, tally.records.total);
  }, 120_000);

  afterAll(async () => {
    const topics = (await admin.listTopics()).filter((topic) => createdPrefixes.some((p) => topic.startsWith(p)));
    if (topics.length) await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
    await removeDir(dir);
  });

  it('reports what it produced and creates the topics with 3 partitions and no time-based retention', async () => {
    expect(generated.stdout).toContain(
      `Produced ${tally.records.total.toLocaleString('en-US')} events for ${USERS} users to ${broker}`,
    );
    expect(generated.stdout).toContain(`created topic(s) ${topicsOf(prefix).join(', ')}`);
    const metadata = await admin.fetchTopicMetadata({ topics: topicsOf(prefix) });
    for (const topic of metadata.topics) expect(topic.partitions).toHaveLength(3);
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: topicsOf(prefix).map((name) => ({
        type: ConfigResourceTypes.TOPIC,
        name,
        configNames: ['retention.ms'],
      })),
    });
    for (const resource of configs.resources) expect(resource.configEntries[0]?.configValue).toBe('-1');
  });

  it('puts exactly the tallied records in each topic', async () => {
    expect(tally.records.total).toBeGreaterThan(500);
    expect(await endOffsets(prefix)).toEqual(tally.records.byTopic);
    expect(consumed).toHaveLength(tally.records.total);
    for (const topic of TOPICS)
      expect(consumed.filter((c) => c.topic === `${prefix}${topic}`)).toHaveLength(tally.records.byTopic[topic]);
  });

  it('keys every record by user and puts it on the partition of its key', () => {
    for (const { message, partition } of consumed) {
      const key = message.key!.toString('utf8');
      expect(key).toMatch(/^u_\d{6}$/);
      expect(partition).toBe(partitionForKey(key, 3));
    }
    // The same keys, in the same order per topic partition, as the event stream.
    const stream = buildEventStream({ ...DEFAULT_EVENT_MODEL, seed: SEED, users: USERS, days: DAYS });
    const expected = new Map<string, string[]>();
    for (const record of stream) {
      const log = `${prefix}${record.topic}/${partitionForKey(record.key, 3)}`;
      expected.set(log, [...(expected.get(log) ?? []), record.key]);
    }
    const actual = new Map<string, string[]>();
    for (const { topic, partition, message } of [...consumed].sort(
      (a, b) => Number(a.message.offset) - Number(b.message.offset),
    )) {
      const log = `${topic}/${partition}`;
      actual.set(log, [...(actual.get(log) ?? []), message.key!.toString('utf8')]);
    }
    expect(actual).toEqual(expected);
  });

  it('sends the payload bytes, offsets and timestamps the lake mode writes for the same seed', () => {
    const lake = new Map(lakeLines.map((line) => [`${line.topic}/${line.partition}/${line.offset}`, line]));
    expect(lake.size).toBe(consumed.length);
    for (const { topic, partition, message } of consumed) {
      const line = lake.get(`${topic.slice(prefix.length)}/${partition}/${message.offset}`);
      expect(line, `${topic}/${partition}/${message.offset}`).toBeDefined();
      expect(message.value!.equals(Buffer.from(line!.payload, 'utf8'))).toBe(true);
      expect(new Date(Number(message.timestamp)).toISOString()).toBe(line!.kafka_timestamp);
    }
  });

  it("writes the lake mode's tally, with the topics it produced to", () => {
    const { files: _kafkaFiles, kafka, ...figures } = tally;
    const { files: _lakeFiles, ...lakeFigures } = lakeTally;
    expect(figures).toEqual(lakeFigures);
    expect(tally.malformed.total).toBeGreaterThan(0);
    expect(tally.duplicates.total).toBeGreaterThan(0);
    expect(kafka).toEqual({ topics: Object.fromEntries(TOPICS.map((t) => [t, `${prefix}${t}`])), complete: true });
  });

  /**
   * The prefix's topics, created here and ready: every partition has a leader in the
   * cluster's metadata. (The generator creates topics itself and retries while a fresh
   * partition's leader settles; a test about pacing should not time that too.)
   */
  async function readyTopics(topicPrefix: string): Promise<void> {
    createdPrefixes.push(topicPrefix);
    const topics = topicsOf(topicPrefix);
    await admin.createTopics({
      topics: topics.map((topic) => ({
        topic,
        numPartitions: 3,
        replicationFactor: 1,
        configEntries: [{ name: 'retention.ms', value: '-1' }],
      })),
      waitForLeaders: true,
    });
    for (;;) {
      const metadata = await admin.fetchTopicMetadata({ topics });
      if (
        metadata.topics.every(
          (topic) => topic.partitions.length === 3 && topic.partitions.every((partition) => partition.leader >= 0),
        )
      )
        return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('stops after --count records, paced to --rate, and tallies just those', async () => {
    const paced = `gen-${run}-paced.`;
    await readyTopics(paced);
    const started = performance.now();
    const result = await generate(paced, ['--count', '60', '--rate', '100', '--tally', join(dir, 'paced.json')]);
    const seconds = (performance.now() - started) / 1000;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // 60 events at 100/s: the first 5 at once, the rest over 0.55 s
    expect(seconds).toBeGreaterThan(0.5);
    const pacedTally = readTally(join(dir, 'paced.json'));
    expect(pacedTally.records.total).toBe(60);
    expect(await endOffsets(paced)).toEqual(pacedTally.records.byTopic);
  });

  it('tallies what was sent when interrupted, and exits 130', async () => {
    const stopped = `gen-${run}-stopped.`;
    const file = join(dir, 'stopped.json');
    let poll: NodeJS.Timeout | undefined;
    const result = await generate(stopped, ['--rate', '200', '--tally', file], {
      cwd: dir,
      onSpawn: (kill) => {
        // Once producing has begun (the topics exist), let it run a little, then Ctrl-C.
        poll = setInterval(() => {
          void admin.listTopics().then((topics) => {
            if (poll && topics.includes(`${stopped}payments`)) {
              clearInterval(poll);
              poll = undefined;
              setTimeout(() => kill('SIGINT'), 700);
            }
          });
        }, 100);
      },
    }).finally(() => clearInterval(poll));
    expect(result.code).toBe(130);
    expect(result.stdout).toContain('Interrupted after producing');
    const stoppedTally = readTally(file);
    expect(stoppedTally.kafka.complete).toBe(false);
    expect(stoppedTally.records.total).toBeGreaterThan(0);
    expect(stoppedTally.records.total).toBeLessThan(tally.records.total);
    expect(await endOffsets(stopped)).toEqual(stoppedTally.records.byTopic);
  });

  it('refuses topics whose partition count would move keys, and writes no tally', async () => {
    const file = join(dir, 'mismatch.json');
    const result = await generate(prefix, ['--partitions', '4', '--tally', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`topic ${prefix}users has 3 partitions, not 4`);
    expect(existsSync(file)).toBe(false);
    expect(await endOffsets(prefix)).toEqual(tally.records.byTopic);
  });
});
