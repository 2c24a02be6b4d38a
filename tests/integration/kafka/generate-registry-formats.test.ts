/**
 * `strata generate --format avro|protobuf` against the real broker and Schema Registry:
 * the same seed produced as JSON text, as Avro and as Protobuf (schemas registered under
 * `<topic>-value`), each ingested with the example's JSON Schemas, lands the same Bronze
 * records at the same partitions and offsets with the same payload fields, and rejects
 * the same records: what the JSON Schema refuses, and the malformed payloads the format
 * cannot carry, sent as JSON text. (Protobuf's string event_time cannot carry an epoch
 * number, which JSON and Avro land for staging to flag.)
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { canonicalJson } from '../../../ingest/generator/registry-values.js';
import { TOPICS } from '../../../ingest/generator/event-types.js';
import type { KafkaGeneratorTally } from '../../../ingest/generator/kafka-generate.js';
import { describeWithService, requireService } from '../../services/lifecycle/integration.js';
import { kafkaBroker } from '../../services/kafka/kafka-service.js';
import { schemaRegistryUrl } from '../../services/schema-registry/schema-registry-service.js';
import { strata } from '../../support/cli.js';
import {
  IngesterProcess,
  metricSum,
  readLake,
  SCHEMAS_DIR,
  waitUntil,
  writeIngestConfig,
  type LogLine,
} from '../../support/ingest-harness.js';
import { useKafkaSuite } from './kafka-suite.js';

type Format = 'json' | 'avro' | 'protobuf';

/** A Bronze line whose event_time is a number, not a time string. */
const NUMERIC_TIME = /"event_time":-?\d/;

interface Landed {
  tally: KafkaGeneratorTally;
  committed: number;
  /** `topic/partition/offset payload-fields`, one per Bronze line, sorted */
  bronze: string[];
  /** rejected lines per reason */
  rejected: Record<string, number>;
}

describeWithService('kafka', 'strata generate --format avro|protobuf: every format lands the same', (service) => {
  const registry = requireService('schema-registry');
  const broker = kafkaBroker(service);
  const suite = useKafkaSuite(service);
  const landed = new Map<Format, Landed>();
  const stops: IngesterProcess[] = [];

  async function generateAndIngest(format: Format): Promise<Landed> {
    const prefix = `gen-${format}-${suite.run}-`;
    const dir = mkdtempSync(join(tmpdir(), `strata-generate-${format}-`));
    const args = ['generate', '--kafka', broker, '--topic-prefix', prefix, '--seed', '23', '--users', '150'];
    args.push('--days', '2', '--malformed-share', '0.05', '--partitions', '2', '--tally', 'tally.json');
    if (format !== 'json') args.push('--format', format, '--schema-registry', schemaRegistryUrl(registry!));
    const generated = await strata(args, { cwd: dir });
    expect(generated.code, generated.stderr).toBe(0);
    const tally = JSON.parse(readFileSync(join(dir, 'tally.json'), 'utf8')) as KafkaGeneratorTally;

    const { config, lake } = writeIngestConfig({
      broker,
      groupId: `${prefix}ingest`,
      topics: TOPICS.map((topic) => ({
        name: `${prefix}${topic}`,
        format,
        schema: join(SCHEMAS_DIR, `${topic}.schema.json`),
        eventTimeField: 'event_time',
      })),
      ...(format === 'json' ? {} : { schemaRegistry: schemaRegistryUrl(registry!) }),
    });
    const ingester = await IngesterProcess.start(config, { cwd: dir });
    stops.push(ingester);
    await waitUntil(
      async () => metricSum(await ingester.metrics(), 'strata_ingest_records_fetched_total') >= tally.records.total,
      60_000,
      `the ${format} ingester to fetch every record`,
    );
    // SIGTERM flushes the open files and commits: the lake is complete once it exits
    ingester.kill('SIGTERM');
    await ingester.exited;
    const stopped: LogLine = await ingester.waitForLog((line) => line.msg === 'stopped', 1_000);
    const files = readLake(lake).files;
    const bronze = files
      .filter((file) => !file.path.startsWith('rejected/'))
      .flatMap((file) => file.lines)
      .map((line) => {
        const topic = String(line.topic).slice(prefix.length);
        const fields = canonicalJson(JSON.parse(String(line.payload)));
        return `${topic}/${String(line.partition)}/${String(line.offset)} ${fields}`;
      })
      .sort();
    const rejected: Record<string, number> = {};
    for (const file of files.filter((entry) => entry.path.startsWith('rejected/')))
      for (const line of file.lines) rejected[String(line.reason)] = (rejected[String(line.reason)] ?? 0) + 1;
    return { tally, committed: Number(stopped.committed_records), bronze, rejected };
  }

  beforeAll(async () => {
    if (!registry) return;
    landed.set('json', await generateAndIngest('json'));
    landed.set('avro', await generateAndIngest('avro'));
    landed.set('protobuf', await generateAndIngest('protobuf'));
  }, 240_000);

  afterAll(() => {
    for (const ingester of stops) ingester.kill('SIGKILL');
  });

  it.skipIf(!registry)('produces the same stream and tally from the same seed', () => {
    const { kafka: _jsonTopics, ...jsonTally } = landed.get('json')!.tally;
    expect(jsonTally.malformed.total).toBeGreaterThan(0);
    for (const format of ['avro', 'protobuf'] as const) {
      const { kafka: _topics, ...tally } = landed.get(format)!.tally;
      expect(tally).toEqual(jsonTally);
    }
  });

  it.skipIf(!registry)('accounts for every record once: consumed = written + rejected', () => {
    for (const { tally, committed, bronze, rejected } of landed.values()) {
      const setAside = Object.values(rejected).reduce((sum, count) => sum + count, 0);
      expect(committed).toBe(tally.records.total);
      expect(bronze.length + setAside).toBe(tally.records.total);
    }
  });

  it.skipIf(!registry)('lands the same Bronze records, at the same offsets, with the same payload fields', () => {
    const json = landed.get('json')!;
    const avro = landed.get('avro')!;
    expect(avro.bronze.length).toBeGreaterThan(1_000);
    expect(avro.bronze).toEqual(json.bronze);
    expect(json.bronze.some((line) => NUMERIC_TIME.test(line))).toBe(true);
    expect(landed.get('protobuf')!.bronze).toEqual(json.bronze.filter((line) => !NUMERIC_TIME.test(line)));
  });

  it.skipIf(!registry)('rejects what the JSON Schema refuses, and the payloads a format cannot carry', () => {
    const json = landed.get('json')!;
    expect(Object.keys(json.rejected)).toEqual(['schema']);
    const numericTimes = json.bronze.filter((line) => NUMERIC_TIME.test(line)).length;
    for (const format of ['avro', 'protobuf'] as const) {
      const { rejected } = landed.get(format)!;
      expect(new Set(Object.keys(rejected))).toEqual(new Set(['schema', 'wire_format']));
      const landedByJson = format === 'protobuf' ? numericTimes : 0;
      expect(rejected.schema! + rejected.wire_format!).toBe(json.rejected.schema! + landedByJson);
    }
  });
});
