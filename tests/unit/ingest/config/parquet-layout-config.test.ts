import { describe, expect, it } from 'vitest';
import { loadIngestConfig } from '../../../../ingest/config/load-ingest-config.js';
import { expectStrataError, tempProject } from '../../../support/temp-project.js';

const SCHEMA = JSON.stringify({
  type: 'object',
  properties: { id: { type: 'integer' }, at: { type: 'string', format: 'date-time' } },
});
const CLASHING = JSON.stringify({
  type: 'object',
  properties: { id: { type: 'integer' }, offset: { type: 'integer' } },
});

function load(yaml: string) {
  const root = tempProject({
    'ingest/ingest.yml': yaml,
    'ingest/schemas/t.schema.json': SCHEMA,
    'ingest/schemas/clash.schema.json': CLASHING,
  });
  return () => loadIngestConfig('ingest/ingest.yml', { projectRoot: root, env: {} });
}

const head = `brokers: localhost:9092
group_id: g
destination: { path: ../lake }
format: parquet
`;

describe('parquet_layout', () => {
  it('defaults to typed for a topic with a schema and to payload for one without', () => {
    const topics = `schema_registry: { url: http://registry:8081 }
topics:
  - { name: a, schema: schemas/t.schema.json }
  - { name: b, format: json-schema, schema: schemas/t.schema.json }
  - { name: c, format: avro }
  - { name: d, format: protobuf }
  - { name: e }
  - { name: f, format: json-schema }
  - { name: g, schema: schemas/clash.schema.json }
`;
    const config = load(`${head}${topics}`)();
    expect(config.topics.map((topic) => [topic.parquetLayout, topic.parquetLayoutOrigin])).toEqual([
      ['typed', 'default'],
      ['typed', 'default'],
      ['typed', 'default'],
      ['typed', 'default'],
      ['payload', 'default'],
      ['payload', 'default'],
      ['payload', 'default'],
    ]);
  });

  it('takes a layout set at the top for every topic, or per topic, over the default', () => {
    const topics = `topics:
  - { name: a, schema: schemas/t.schema.json }
  - { name: b, schema: schemas/t.schema.json, parquet_layout: payload }
  - { name: c, parquet_layout: payload }
`;
    const payload = load(`${head}parquet_layout: payload\n${topics}`)();
    expect(payload.topics.map((topic) => topic.parquetLayout)).toEqual(['payload', 'payload', 'payload']);
    expect(payload.topics.every((topic) => topic.parquetLayoutOrigin === 'config')).toBe(true);
    const typed = load(`${head}parquet_layout: typed\n${topics}`)();
    expect(typed.topics.map((topic) => topic.parquetLayout)).toEqual(['typed', 'payload', 'payload']);
  });

  it('reads an empty value (an unset ${VAR:-}) as unset', () => {
    const config = load(
      `${head}parquet_layout: \${LAYOUT:-}\ntopics:\n  - { name: a, schema: schemas/t.schema.json }\n`,
    )();
    expect(config.topics[0]).toMatchObject({ parquetLayout: 'typed', parquetLayoutOrigin: 'default' });
  });

  it('names the line of a topic with no schema to take typed columns from', () => {
    expectStrataError(load(`${head}parquet_layout: typed\ntopics:\n  - { name: a }\n`), {
      file: 'ingest/ingest.yml',
      line: 5,
      message: 'Topic "a" has no schema to derive typed Parquet columns from',
      hint: /parquet_layout: payload/,
    });
  });

  it('names the topic whose schema has a field named like an ingest metadata column', () => {
    const yaml = `${head}topics:\n  - name: a\n    schema: schemas/clash.schema.json\n    parquet_layout: typed\n`;
    expectStrataError(load(yaml), {
      line: 8,
      message: /Topic "a" cannot have typed Parquet columns: its field\(s\) offset are ingest metadata column names/,
    });
  });

  it('refuses a layout named for Bronze files that are not Parquet, at its key', () => {
    const jsonLines = head.replace('format: parquet', 'format: jsonl.gz');
    expectStrataError(load(`${jsonLines}topics:\n  - { name: a }\n  - { name: b, parquet_layout: typed }\n`), {
      line: 7,
      message: '"parquet_layout" applies only to Parquet Bronze files, and this config writes jsonl.gz',
      hint: /Set format: parquet, or remove parquet_layout/,
    });
    expect(load(`${jsonLines}parquet_layout: \${LAYOUT:-}\ntopics:\n  - { name: a }\n`)()).toBeDefined();
  });

  it('names an unknown layout', () => {
    expectStrataError(load(`${head}parquet_layout: columns\ntopics:\n  - { name: a }\n`), {
      line: 5,
      message: '"parquet_layout" must be one of payload, typed, got "columns"',
    });
  });
});
