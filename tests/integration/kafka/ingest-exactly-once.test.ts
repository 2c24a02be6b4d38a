/**
 * The SIGKILL exactly-once proof (exactly-once-scenario.ts) in every Bronze format the
 * ingester writes: JSON lines from a JSON topic and from an Avro topic read through the
 * Schema Registry, and typed Parquet from a JSON Schema topic and from an Avro topic (the
 * files' `id` column). Each format has its own topic, group and lake, so the four run at
 * once: most of a run is waiting (a restarted ingester waits out the killed member's
 * session before it joins), which overlaps instead of adding up.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { describeWithService, requireService } from '../../services/lifecycle/integration.js';
import { schemaRegistryUrl } from '../../services/schema-registry/schema-registry-service.js';
import type { OutgoingMessage, TopicSpec } from '../../support/ingest-harness.js';
import { avroIdEvents } from './avro-ids.js';
import { runExactlyOnceScenario } from './exactly-once-scenario.js';
import { idEvent } from './ingest-ids.js';
import { useKafkaSuite } from './kafka-suite.js';

const PARTITIONS = 4;

/** The JSON Schema of an id event, for the typed Parquet layout of a JSON topic. */
const ID_EVENT_JSON_SCHEMA = {
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

interface FormatCase {
  /** names the topic and group */
  name: string;
  /** how the test title calls the events */
  events: string;
  /** the title's end: where the events land */
  into: string;
  count: number;
  kills: number;
  /** the topic's format and schema; gets the topic name and the registry URL */
  topic: (
    name: string,
    registry: string | undefined,
  ) => Promise<{
    spec: TopicSpec;
    event: (index: number, total: number) => OutgoingMessage;
  }>;
  needsRegistry?: boolean;
  parquetLayout?: 'typed';
}

const avroTopic: FormatCase['topic'] = async (name, registry) => ({
  spec: { name, format: 'avro' },
  event: await avroIdEvents(registry!, name),
});

const CASES: FormatCase[] = [
  {
    name: 'exactly-once',
    events: 'events',
    into: '',
    count: 120_000,
    kills: 4,
    topic: async (name) => ({ spec: { name }, event: idEvent }),
  },
  {
    name: 'exactly-once-avro',
    events: 'Avro events',
    into: '',
    count: 60_000,
    kills: 3,
    topic: avroTopic,
    needsRegistry: true,
  },
  {
    name: 'exactly-once-typed',
    events: 'JSON Schema events',
    into: ' into typed Parquet',
    count: 40_000,
    kills: 3,
    topic: async (name) => {
      const schema = join(mkdtempSync(join(tmpdir(), 'strata-typed-schema-')), 'ids.schema.json');
      writeFileSync(schema, JSON.stringify(ID_EVENT_JSON_SCHEMA));
      return { spec: { name, format: 'json-schema', schema }, event: idEvent };
    },
    parquetLayout: 'typed',
  },
  {
    name: 'exactly-once-avro-typed',
    events: 'Avro events',
    into: ' into typed Parquet',
    count: 40_000,
    kills: 3,
    topic: avroTopic,
    needsRegistry: true,
    parquetLayout: 'typed',
  },
];

describeWithService('kafka', 'strata ingest: exactly once across SIGKILLs', (service) => {
  const registry = requireService('schema-registry');
  const registryUrl = registry ? schemaRegistryUrl(registry) : undefined;
  const kafkaSuite = useKafkaSuite(service);

  describe.concurrent('in every Bronze format', () => {
    for (const format of CASES) {
      const lands = `lands ${format.count.toLocaleString('en-US')} ${format.events}${format.into}`;
      it.skipIf(format.needsRegistry && !registry)(
        `${lands} exactly once though the ingester is killed ${format.kills} times`,
        { timeout: 240_000 },
        async () => {
          const name = `${format.name}-${kafkaSuite.run}`;
          await kafkaSuite.createTopic(name, PARTITIONS);
          const { spec, event } = await format.topic(name, registryUrl);
          await runExactlyOnceScenario({
            suite: kafkaSuite,
            topic: spec,
            groupId: name,
            events: format.count,
            kills: format.kills,
            event,
            ...(format.needsRegistry ? { schemaRegistry: registryUrl } : {}),
            ...(format.parquetLayout ? { parquetLayout: format.parquetLayout } : {}),
          });
        },
      );
    }
  });
});
