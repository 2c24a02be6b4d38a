import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, expect, it } from 'vitest';
import { compactionOptions, compactConfiguredLake } from '../../../ingest/compaction/run-compact.js';
import { loadIngestConfig } from '../../../ingest/config/load-ingest-config.js';
import { createLogger } from '../../../ingest/ops/logger.js';
import { kafkaBroker } from '../../services/kafka/kafka-service.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { tempDir } from '../../support/temp-dir.js';
import { landHour, readerFiles, readerIds } from '../../unit/ingest/compaction/small-file-lake.js';

describeWithService('kafka', 'strata lake compact and the consumer group', (service) => {
  const broker = kafkaBroker(service);
  const kafka = new Kafka({ brokers: [broker], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const topic = `compact-${randomUUID().slice(0, 8)}`;
  const groupId = `${topic}-group`;
  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it("compacts only the files below the group's committed offsets", async () => {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    // The group committed partition 0 up to offset 30 and nothing of partition 1.
    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '30' }] });

    const dir = tempDir('strata-compact-group-');
    const lake = join(dir, 'lake');
    await landHour(lake, '10', [0, 1], 5, 10, 0, topic);
    writeFileSync(
      join(dir, 'ingest.yml'),
      `brokers: ${broker}\ngroup_id: ${groupId}\ntopics: [{ name: ${topic}, table: bronze_t }]\n` +
        'destination: { path: lake }\ncompaction: { retention: 0 }\n',
    );
    const config = loadIngestConfig(join(dir, 'ingest.yml'), { projectRoot: dir, env: {} });
    const summary = await compactConfiguredLake(
      config,
      compactionOptions(config, { configPath: '', cwd: dir }),
      createLogger('error'),
      false,
    );
    expect(summary).toMatchObject({ generations: 1, filesBefore: 10 });
    const names = readerFiles(lake, topic).map((file) => file.slice(file.indexOf('hour=10/') + 8));
    expect(names).toEqual([
      '_compacted/g000001/part-00000.jsonl.gz',
      `${topic}+0+30.jsonl.gz`,
      `${topic}+0+40.jsonl.gz`,
      `${topic}+1+0.jsonl.gz`,
      `${topic}+1+10.jsonl.gz`,
      `${topic}+1+20.jsonl.gz`,
      `${topic}+1+30.jsonl.gz`,
      `${topic}+1+40.jsonl.gz`,
    ]);
    expect(readerIds(lake, topic)).toHaveLength(100);
  });
});
