/**
 * The exactly-once proof with typed Parquet Bronze files: a JSON Schema topic landed with
 * `format: parquet` and `parquet_layout: typed`, the ingester killed at random moments,
 * then every id found once in the files' `id` column (a found file's last offset is read
 * from its `offset` column, as for the payload layout).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, it } from 'vitest';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { runExactlyOnceScenario } from './exactly-once-scenario.js';
import { idEvent } from './ingest-ids.js';
import { useKafkaSuite } from './kafka-suite.js';

const EVENTS = 40_000;
const PARTITIONS = 4;
const KILLS = 3;

const SCHEMA = {
  type: 'object',
  required: ['id', 'event_type', 'event_time'],
  properties: {
    id: { type: 'integer' },
    event_type: { type: 'string' },
    event_time: { type: 'string', format: 'date-time' },
    user_id: { type: 'string' },
    page_path: { type: 'string' },
  },
};

describeWithService('kafka', 'strata ingest: exactly once into typed Parquet across SIGKILLs', (service) => {
  const kafkaSuite = useKafkaSuite(service);
  const topic = `exactly-once-typed-${kafkaSuite.run}`;
  const schema = join(mkdtempSync(join(tmpdir(), 'strata-typed-schema-')), 'ids.schema.json');

  beforeAll(async () => {
    writeFileSync(schema, JSON.stringify(SCHEMA));
    await kafkaSuite.createTopic(topic, PARTITIONS);
  });

  it(
    `lands ${EVENTS.toLocaleString('en-US')} events exactly once though the ingester is killed ${KILLS} times`,
    { timeout: 180_000 },
    () =>
      runExactlyOnceScenario({
        suite: kafkaSuite,
        topic: { name: topic, format: 'json-schema', schema },
        groupId: `exactly-once-typed-${kafkaSuite.run}`,
        events: EVENTS,
        kills: KILLS,
        event: idEvent,
        parquetLayout: 'typed',
      }),
  );
});
