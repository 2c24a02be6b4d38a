/**
 * The ingester's per-record work for each topic format, in one process and without Kafka:
 * the benchmark's clickstream events are classified into Bronze lines (JSON text; Avro and
 * Protobuf in Confluent's wire format, schemas served from memory), the lines gathered as
 * a file gathers them, and the CPU time per event printed, best of several rounds. Run
 * under `node --cpu-prof` to see where the time goes. Not a test.
 *
 *   npm run build && node dist/bench/decode-formats.js [--events 200000] [--rounds 5]
 *     [--formats json,avro,protobuf]
 */
import { DEFAULTS, type TopicConfig } from '../ingest/config/ingest-config.js';
import { topicDecoders } from '../ingest/formats/topic-decoders.js';
import type { RegistrySchema } from '../ingest/formats/registry-client.js';
import { RecordClassifier, type KafkaRecord } from '../ingest/records/record-classifier.js';
import { AVRO_SCHEMA, avroEventEncoder } from './avro-events.js';
import { clickstreamEvent } from './clickstream-event.js';
import { PROTO_SCHEMA, protobufEventEncoder } from './protobuf-events.js';

type Format = 'json' | 'avro' | 'protobuf';

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const EVENTS = Number(argument('--events', '200000'));
const ROUNDS = Number(argument('--rounds', '5'));
const FORMATS = argument('--formats', 'json,avro,protobuf').split(',') as Format[];

/** The schemas as the registry would serve them: id 1 Avro, id 2 Protobuf, each also its subject's latest. */
const SCHEMAS: Record<Exclude<Format, 'json'>, RegistrySchema> = {
  avro: { id: 1, schemaType: 'AVRO', schema: JSON.stringify(AVRO_SCHEMA) },
  protobuf: { id: 2, schemaType: 'PROTOBUF', schema: PROTO_SCHEMA },
};

function topic(format: Format): TopicConfig {
  return {
    name: `bench-${format}`,
    format,
    table: 'page_views',
    eventTimeField: 'event_time',
    eventTimeFormat: 'iso8601',
    timeZone: 'UTC',
    onMissingEventTime: 'kafka_timestamp',
    eventTimeWindow: { ...DEFAULTS.eventTimeWindow },
    ...(format === 'json' ? {} : { readerSchema: { subject: `bench-${format}-value`, version: 'latest' as const } }),
  };
}

/** A classifier of `format` records and the records themselves. */
async function setup(format: Format): Promise<{ classifier: RecordClassifier; records: KafkaRecord[] }> {
  const encode =
    format === 'avro' ? avroEventEncoder(1) : format === 'protobuf' ? protobufEventEncoder(2) : Buffer.from;
  const records = Array.from({ length: EVENTS }, (_, index): KafkaRecord => {
    const event = clickstreamEvent(index, EVENTS);
    const value = encode(event.value);
    return { key: Buffer.from(event.key), value, timestamp: String(event.timestamp), offset: String(index) };
  });
  const config = topic(format);
  if (format === 'json') return { classifier: new RecordClassifier(config, 1 << 20), records };
  const schema = SCHEMAS[format];
  const client = { schemaById: async () => schema, subjectVersion: async () => schema };
  const registry = { url: 'memory:', onUnavailable: 'wait' as const };
  const decoder = topicDecoders({ topics: [config], schemaRegistry: registry }, client).get(config.name)!;
  await decoder.prepare(records.map((record) => record.value));
  return { classifier: new RecordClassifier(config, 1 << 20, decoder), records };
}

async function main(): Promise<void> {
  const ingestedAt = new Date().toISOString();
  for (const format of FORMATS) {
    const { classifier, records } = await setup(format);
    let best = Infinity;
    let bytes = 0;
    for (let round = 0; round < ROUNDS; round++) {
      bytes = 0;
      const started = process.cpuUsage();
      // Lines gather as a file buffer gathers them: joined and encoded every 64 KiB of text.
      let pending: string[] = [];
      let chars = 0;
      for (const record of records) {
        const line = classifier.classify(record, 0, ingestedAt).line;
        pending.push(line);
        chars += line.length + 1;
        if (chars < 64 * 1024) continue;
        bytes += Buffer.from(`${pending.join('\n')}\n`, 'utf8').length;
        pending = [];
        chars = 0;
      }
      const used = process.cpuUsage(started);
      best = Math.min(best, (used.user + used.system) / 1000);
    }
    const perEvent = (best * 1e6) / EVENTS;
    console.log(
      `${format.padEnd(9)} ${perEvent.toFixed(0).padStart(5)} ns per event   ` +
        `${((EVENTS / best) * 1000).toFixed(0).padStart(8)} events per CPU-second   ` +
        `(${(bytes / EVENTS).toFixed(0)} bytes a line)`,
    );
  }
}

await main();
