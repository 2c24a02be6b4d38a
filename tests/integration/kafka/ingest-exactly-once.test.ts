import { beforeAll, it } from 'vitest';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { runExactlyOnceScenario } from './exactly-once-scenario.js';
import { idEvent } from './ingest-ids.js';
import { useKafkaSuite } from './kafka-suite.js';

const EVENTS = 120_000;
const PARTITIONS = 4;
const KILLS = 4;

describeWithService('kafka', 'strata ingest: exactly once across SIGKILLs', (service) => {
  const kafkaSuite = useKafkaSuite(service);
  const topic = `exactly-once-${kafkaSuite.run}`;

  beforeAll(async () => {
    await kafkaSuite.createTopic(topic, PARTITIONS);
  });

  it(
    `lands ${EVENTS.toLocaleString('en-US')} events exactly once though the ingester is killed ${KILLS} times`,
    { timeout: 180_000 },
    () =>
      runExactlyOnceScenario({
        suite: kafkaSuite,
        topic: { name: topic },
        groupId: `exactly-once-${kafkaSuite.run}`,
        events: EVENTS,
        kills: KILLS,
        event: idEvent,
      }),
  );
});
