/**
 * The SIGKILL exactly-once proof (exactly-once-scenario.ts) for an Avro topic landed as
 * typed Parquet: columns from the registry's reader schema, every id found once in the
 * files' `id` column.
 */
import { beforeAll, it } from 'vitest';
import { describeWithService, requireService } from '../../services/lifecycle/integration.js';
import { schemaRegistryUrl } from '../../services/schema-registry/schema-registry-service.js';
import type { OutgoingMessage } from '../../support/ingest-harness.js';
import { avroIdEvents } from './avro-ids.js';
import { runExactlyOnceScenario } from './exactly-once-scenario.js';
import { useKafkaSuite } from './kafka-suite.js';

const EVENTS = 40_000;
const PARTITIONS = 4;
const KILLS = 3;

describeWithService('kafka', 'strata ingest: an Avro topic exactly once into typed Parquet', (service) => {
  const registry = requireService('schema-registry');
  const kafkaSuite = useKafkaSuite(service);
  const topic = `exactly-once-avro-typed-${kafkaSuite.run}`;
  let event: (index: number, total: number) => OutgoingMessage;

  beforeAll(async () => {
    await kafkaSuite.createTopic(topic, PARTITIONS);
    if (registry) event = await avroIdEvents(schemaRegistryUrl(registry), topic);
  });

  it.skipIf(!registry)(
    `lands ${EVENTS.toLocaleString('en-US')} Avro events exactly once though the ingester is killed ${KILLS} times`,
    { timeout: 180_000 },
    () =>
      runExactlyOnceScenario({
        suite: kafkaSuite,
        topic: { name: topic, format: 'avro' },
        groupId: `exactly-once-avro-typed-${kafkaSuite.run}`,
        events: EVENTS,
        kills: KILLS,
        event: (index, total) => event(index, total),
        schemaRegistry: schemaRegistryUrl(registry!),
        parquetLayout: 'typed',
      }),
  );
});
