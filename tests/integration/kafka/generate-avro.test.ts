/**
 * `strata generate --format avro` against the real broker and Schema Registry: the same
 * seed produced once as JSON text and once as Avro (schemas registered under
 * `<topic>-value`), each ingested with the example's JSON Schemas, lands the same Bronze
 * records at the same partitions and offsets with the same payload fields, and rejects
 * the same records: what the JSON Schema refuses, and (Avro only) the malformed payloads
 * the Avro schema cannot carry, sent as JSON text.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { canonicalJson } from '../../../ingest/generator/avro-values.js';
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

type Format = 'json' | 'avro';

interface Landed {
  tally: KafkaGeneratorTally;
  committed: number;
  /** `topic/partition/offset payload-fields`, one per Bronze line, sorted */
  bronze: string[];
  /** rejected lines per reason */
  rejected: Record<string, number>;
}

describeWithService(
  'kafka',
  'strata generate --format avro: the JSON path and the Avro path land the same',
  (service) => {
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
      if (format === 'avro') args.push('--format', 'avro', '--schema-registry', schemaRegistryUrl(registry!));
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
        ...(format === 'avro' ? { schemaRegistry: schemaRegistryUrl(registry!) } : {}),
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
    }, 240_000);

    afterAll(() => {
      for (const ingester of stops) ingester.kill('SIGKILL');
    });

    it.skipIf(!registry)('produces the same stream and tally from the same seed', () => {
      const json = landed.get('json')!;
      const avro = landed.get('avro')!;
      const { kafka: _jsonTopics, ...jsonTally } = json.tally;
      const { kafka: _avroTopics, ...avroTally } = avro.tally;
      expect(avroTally).toEqual(jsonTally);
      expect(avro.tally.malformed.total).toBeGreaterThan(0);
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
    });

    it.skipIf(!registry)(
      'rejects what the JSON Schema refuses, and the payloads Avro cannot carry for their framing',
      () => {
        const json = landed.get('json')!;
        const avro = landed.get('avro')!;
        expect(Object.keys(json.rejected)).toEqual(['schema']);
        expect(new Set(Object.keys(avro.rejected))).toEqual(new Set(['schema', 'wire_format']));
        expect(avro.rejected.schema! + avro.rejected.wire_format!).toBe(json.rejected.schema);
      },
    );
  },
);
