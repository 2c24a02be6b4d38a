/**
 * Lands a generated JSON-lines Bronze lake (`strata generate`) again as the ingester
 * would from Kafka with `format: parquet`: every record through the ingester's own
 * RecordClassifier (the topic's JSON Schema, event time), its Bronze lines grouped into
 * files per (topic, partition, dt, hour) and encoded by the ingester's FileEncoder in the
 * layout asked for. Rejected records are left out, as they go to `rejected/`.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { loadIngestConfig } from '../../ingest/config/load-ingest-config.js';
import type { ParquetLayout } from '../../ingest/config/ingest-config.js';
import { FileEncoder } from '../../ingest/pipeline/file-encoder.js';
import { createParquetWriter } from '../../ingest/pipeline/parquet-writer.js';
import { TypedSchemas } from '../../ingest/pipeline/typed-schemas.js';
import { bronzeFilePath } from '../../ingest/records/lake-paths.js';
import { RecordClassifier } from '../../ingest/records/record-classifier.js';

const REPO = resolve(import.meta.dirname, '../..');

interface GeneratedLine {
  partition: number;
  offset: number;
  kafka_timestamp: string;
  ingested_at: string;
  payload: string;
}

/** Reads `from` (a generated lake) and writes its records as Parquet under `to`; returns the Bronze count. */
export async function landAsParquet(from: string, to: string, layout: ParquetLayout): Promise<number> {
  const config = loadIngestConfig(join(REPO, 'ingest/ingest.yml'), { projectRoot: REPO, env: {} });
  const topics = config.topics.map((topic) => ({ ...topic, parquetLayout: layout }));
  const schemas = new TypedSchemas(topics, new Map());
  const writer = await createParquetWriter();
  const encoder = new FileEncoder('parquet', 6, writer, (topic) => schemas.of(topic));
  let landed = 0;
  try {
    for (const topic of topics) {
      const classifier = new RecordClassifier(topic, config.maxRecordBytes);
      const files = new Map<string, { first: number; lines: string[] }>();
      for (const line of generatedLines(join(from, topic.name))) {
        const record = {
          key: null,
          value: Buffer.from(line.payload),
          timestamp: String(Date.parse(line.kafka_timestamp)),
          offset: String(line.offset),
        };
        const result = classifier.classify(record, line.partition, line.ingested_at);
        if (result.kind !== 'bronze') continue;
        const key = `${line.partition}/${result.part.dt}/${result.part.hour}`;
        const file = files.get(key) ?? { first: line.offset, lines: [] };
        file.lines.push(result.line);
        files.set(key, file);
      }
      for (const [key, file] of files) {
        const [partition, dt, hour] = key.split('/');
        const path = bronzeFilePath(topic.name, { dt: dt!, hour: hour! }, Number(partition), file.first, 'parquet');
        const body = await encoder.encodeLines(path, Buffer.from(`${file.lines.join('\n')}\n`));
        mkdirSync(dirname(join(to, path)), { recursive: true });
        writeFileSync(join(to, path), body);
        landed += file.lines.length;
      }
    }
  } finally {
    await writer.close();
  }
  return landed;
}

/** The generated lines of one topic folder, in (partition, offset) order. */
function generatedLines(folder: string): GeneratedLine[] {
  const lines: GeneratedLine[] = [];
  for (const entry of readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.jsonl.gz')) continue;
    const text = gunzipSync(readFileSync(join(folder, entry))).toString('utf8');
    for (const line of text.split('\n')) if (line !== '') lines.push(JSON.parse(line) as GeneratedLine);
  }
  return lines.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}
