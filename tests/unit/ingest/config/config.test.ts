import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIngestConfig } from '../../../../ingest/config/load-ingest-config.js';
import { renderShellVars } from '../../../../ingest/config/env-interpolation.js';
import { parseByteSize } from '../../../../ingest/config/byte-size.js';
import { formatDuration, parseDuration } from '../../../../src/config/duration.js';
import { expectStrataError, tempProject } from '../../../support/temp-project.js';

const REPO = resolve(import.meta.dirname, '../../../..');
const SCHEMA = '{ "type": "object", "required": ["id"] }';

function load(yaml: string, env: Record<string, string> = {}, files: Record<string, string> = {}) {
  const root = tempProject({ 'ingest/ingest.yml': yaml, 'ingest/schemas/t.schema.json': SCHEMA, ...files });
  return { root, config: () => loadIngestConfig('ingest/ingest.yml', { projectRoot: root, env }) };
}

const MINIMAL = `brokers: localhost:9092
group_id: g
topics:
  - name: orders
destination: { path: ../lake }
`;

describe('the example project config', () => {
  it('loads ingest/ingest.yml with its four topics and compiled schemas', () => {
    const config = loadIngestConfig('ingest/ingest.yml', { projectRoot: REPO, env: {} });
    expect(config.topics.map((topic) => [topic.name, topic.table])).toEqual([
      ['users', 'bronze_users'],
      ['clickstream', 'bronze_clickstream'],
      ['orders', 'bronze_orders'],
      ['payments', 'bronze_payments'],
    ]);
    expect(config.topics.every((topic) => typeof topic.validate === 'function')).toBe(true);
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.destination).toEqual({ url: resolve(REPO, 'lake') });
    expect(config.rotation).toEqual({ maxRecords: 100_000, maxBytes: 128 * 1024 * 1024, maxSeconds: 60 });
    expect(config.memory.maxBufferedBytes).toBe(256 * 1024 * 1024);
    expect(config.http).toEqual({ host: '127.0.0.1', port: 9464 });
  });

  it('takes brokers, the group, the lake and S3 settings from the environment', () => {
    const config = loadIngestConfig('ingest/ingest.yml', {
      projectRoot: REPO,
      env: {
        KAFKA_BROKERS: 'a:1, b:2',
        STRATA_INGEST_GROUP: 'prod',
        STRATA_LAKE: 's3://bucket/bronze',
        S3_ENDPOINT: 'http://127.0.0.1:9000',
        AWS_REGION: 'eu-west-1',
      },
    });
    expect(config.kafka.brokers).toEqual(['a:1', 'b:2']);
    expect(config.kafka.groupId).toBe('prod');
    expect(config.destination).toEqual({
      url: 's3://bucket/bronze',
      endpoint: 'http://127.0.0.1:9000',
      region: 'eu-west-1',
    });
  });
});

describe('defaults and overrides', () => {
  it('fills every default for a minimal config, paths relative to the config file', () => {
    const { root, config } = load(MINIMAL);
    const loaded = config();
    expect(loaded.destination.url).toBe(resolve(root, 'lake'));
    expect(loaded.format).toBe('jsonl.gz');
    expect(loaded.topics[0]).toMatchObject({
      name: 'orders',
      table: 'orders',
      eventTimeField: 'event_time',
      timeZone: 'UTC',
      eventTimeFormat: 'iso8601',
      onMissingEventTime: 'kafka_timestamp',
    });
    expect(loaded.topics[0]?.validate).toBeUndefined();
    expect(loaded.http.port).toBeUndefined();
    expect(loaded.glue.enabled).toBe(false);
    expect(loaded.commitFeed).toBe(false);
  });

  it('turns the commit feed on, and names the line of a value that is not a boolean', () => {
    expect(load(`${MINIMAL}commit_feed: true\n`).config().commitFeed).toBe(true);
    expectStrataError(load(`${MINIMAL}commit_feed: yes please\n`).config, {
      line: 6,
      message: '"commit_feed" must be true or false, got "yes please"',
    });
  });

  it('lets the command line override brokers, destination (relative to the working folder) and group', () => {
    const root = tempProject({ 'ingest/ingest.yml': MINIMAL });
    const config = loadIngestConfig('ingest/ingest.yml', {
      projectRoot: root,
      env: {},
      overrides: { brokers: 'k:1,k:2', destination: 'out/lake', groupId: 'other' },
    });
    expect(config.kafka.brokers).toEqual(['k:1', 'k:2']);
    expect(config.kafka.groupId).toBe('other');
    expect(config.destination.url).toBe(resolve(root, 'out/lake'));
  });

  it('reads sizes with units and numbers given as strings by the environment', () => {
    const { config } = load(
      `${MINIMAL}rotation: { max_records: "\${N}", max_bytes: 64MiB, max_seconds: 1.5 }\n` +
        'memory: { max_buffered_bytes: 512KB }\n',
      { N: '2500' },
    );
    expect(config().rotation).toEqual({ maxRecords: 2500, maxBytes: 64 * 1024 * 1024, maxSeconds: 1.5 });
    expect(config().memory.maxBufferedBytes).toBe(512 * 1024);
  });
});

describe('secrets from the environment', () => {
  it('renders ${VAR}, ${VAR:-default}, env_var() and $${ escapes', () => {
    expect(renderShellVars('${A}-${B:-two}-$${C}', { A: 'one' })).toEqual({ text: 'one-two-${C}' });
    expect(renderShellVars('${A:-x}', { A: '' })).toEqual({ text: 'x' });
    expect(renderShellVars('${MISSING}', {})).toMatchObject({ missing: 'MISSING' });
    const { config } = load(
      `${MINIMAL}kafka:\n  sasl:\n    mechanism: scram-sha-512\n` +
        `    username: "{{ env_var('KAFKA_USER') }}"\n    password: \${KAFKA_PASSWORD}\n`,
      { KAFKA_USER: 'ingest', KAFKA_PASSWORD: 's3cret' },
    );
    expect(config().kafka.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'ingest', password: 's3cret' });
  });

  it('names the missing variable, the file and the line, without printing any value', () => {
    const { config } = load(`${MINIMAL}kafka:\n  sasl:\n    username: ingest\n    password: \${KAFKA_PASSWORD}\n`);
    const error = expectStrataError(config, {
      file: 'ingest/ingest.yml',
      line: 9,
      message: 'Environment variable "KAFKA_PASSWORD" is not set',
    });
    expect(error.hint).toContain('${KAFKA_PASSWORD:-default}');
  });
});

describe('mistakes name the file, the line and the key', () => {
  it('an unknown key, with the closest valid one', () => {
    const { config } = load(`${MINIMAL}rotation:\n  max_record: 10\n`);
    expectStrataError(config, {
      file: 'ingest/ingest.yml',
      line: 7,
      message: 'Unknown key "max_record" in "rotation"',
      hint: 'Did you mean "max_records"?',
    });
  });

  it('a value of the wrong kind', () => {
    expectStrataError(load(`${MINIMAL}rotation: { max_records: lots }\n`).config, {
      line: 6,
      message: '"rotation.max_records" must be a whole number at least 1, got "lots"',
    });
    expectStrataError(load(`${MINIMAL}memory:\n  max_buffered_bytes: huge\n`).config, {
      line: 7,
      message: 'must be a size in bytes',
    });
    expectStrataError(load(`${MINIMAL}format: csv\n`).config, {
      line: 6,
      message: '"format" must be one of jsonl.gz, parquet',
    });
    expectStrataError(
      load(MINIMAL.replace('  - name: orders', '  - name: orders\n    time_zone: Mars/Olympus')).config,
      { line: 5, message: 'Unknown time zone "Mars/Olympus"' },
    );
  });

  it('missing brokers, group, topics or destination', () => {
    expectStrataError(load(MINIMAL.replace('brokers: localhost:9092\n', '')).config, {
      message: '"brokers" is required',
    });
    expectStrataError(load(MINIMAL.replace('group_id: g\n', '')).config, { message: '"group_id" is required' });
    expectStrataError(load(MINIMAL.replace('topics:\n  - name: orders\n', 'topics: []\n')).config, {
      line: 3,
      message: '"topics" is required',
    });
    expectStrataError(load(MINIMAL.replace('destination: { path: ../lake }\n', '')).config, {
      message: '"path" is required',
    });
  });

  it('topic names that could not be lake folders, and duplicates', () => {
    expectStrataError(load(MINIMAL.replace('name: orders', 'name: "../etc"')).config, {
      line: 4,
      message: 'cannot be used',
    });
    expectStrataError(load(MINIMAL.replace('name: orders', 'name: rejected')).config, {
      line: 4,
      message: 'folder of rejected records',
    });
    expectStrataError(load(MINIMAL.replace('  - name: orders\n', '  - name: orders\n  - name: orders\n')).config, {
      line: 5,
      message: 'Topic "orders" is listed twice',
    });
  });

  it('a schema that is missing, not JSON or not a schema, naming the schema file and the config line', () => {
    const withSchema = (path: string) =>
      MINIMAL.replace('  - name: orders\n', `  - name: orders\n    schema: ${path}\n`);
    expectStrataError(load(withSchema('schemas/none.json')).config, {
      file: 'ingest/schemas/none.json',
      message: 'Cannot read the JSON Schema',
      hint: 'ingest/ingest.yml:5',
    });
    expectStrataError(
      load(withSchema('schemas/bad.json'), {}, { 'ingest/schemas/bad.json': '{\n  "type": "object",\n  oops\n}' })
        .config,
      {
        file: 'ingest/schemas/bad.json',
        line: 3,
        message: 'not valid JSON',
      },
    );
    expectStrataError(
      load(withSchema('schemas/odd.json'), {}, { 'ingest/schemas/odd.json': '{ "type": "objekt" }' }).config,
      { file: 'ingest/schemas/odd.json', message: 'Not a valid JSON Schema' },
    );
    expect(load(withSchema('schemas/t.schema.json')).config().topics[0]?.validate?.({ id: 1 })).toBe(true);
  });

  it('glue on without a database; an unsupported destination scheme', () => {
    expectStrataError(load(`${MINIMAL}glue: { enabled: true }\n`).config, {
      line: 6,
      message: '"database" is required',
    });
    expectStrataError(load(MINIMAL.replace('path: ../lake', 'path: "gs://bucket/x"')).config, {
      line: 5,
      message: 'Unsupported destination',
    });
  });
});

describe('the event-time window', () => {
  const DAY = 86_400_000;

  it('defaults to a day ahead and ten years behind the Kafka timestamp', () => {
    expect(load(MINIMAL).config().topics[0]?.eventTimeWindow).toEqual({ futureMs: DAY, pastMs: 3_650 * DAY });
    expect(loadIngestConfig('ingest/ingest.yml', { projectRoot: REPO, env: {} }).topics[0]?.eventTimeWindow).toEqual({
      futureMs: DAY,
      pastMs: 3_650 * DAY,
    });
  });

  it('is set for every topic at the top, and per topic side by side, with none for no limit', () => {
    const yaml = MINIMAL.replace(
      '  - name: orders\n',
      '  - name: orders\n' +
        '  - name: users\n    event_time_window: { past: none, future: 90m }\n' +
        '  - name: clicks\n    event_time_window: { past: "3600" }\n',
    );
    const topics = load(`${yaml}event_time_window: { future: 2h, past: 30d }\n`).config().topics;
    expect(topics.map((topic) => topic.eventTimeWindow)).toEqual([
      { futureMs: 2 * 3_600_000, pastMs: 30 * DAY },
      { futureMs: 90 * 60_000 },
      { futureMs: 2 * 3_600_000, pastMs: 3_600_000 },
    ]);
  });

  it('names the file, the line and the key of a bad window', () => {
    expectStrataError(load(`${MINIMAL}event_time_window: { future: soon }\n`).config, {
      file: 'ingest/ingest.yml',
      line: 6,
      message: '"event_time_window.future" must be a duration, got "soon"',
      hint: 'e.g. 1d or 3650d',
    });
    expectStrataError(load(`${MINIMAL}event_time_window: { past: -5d }\n`).config, {
      line: 6,
      message: 'must be a duration',
    });
    expectStrataError(load(`${MINIMAL}event_time_window: { futur: 1d }\n`).config, {
      line: 6,
      message: 'Unknown key "futur" in "event_time_window"',
      hint: 'Did you mean "future"?',
    });
    expectStrataError(
      load(MINIMAL.replace('  - name: orders\n', '  - name: orders\n    event_time_window: 1d\n')).config,
      { line: 5, message: 'must be a map' },
    );
  });

  it('reads durations in seconds or with a unit, and writes them back with the largest unit', () => {
    expect(parseDuration(90)).toBe(90_000);
    expect(parseDuration('90')).toBe(90_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('7d')).toBe(7 * DAY);
    expect(parseDuration('2w')).toBe(14 * DAY);
    expect(parseDuration('1y')).toBeUndefined();
    expect(parseDuration('0d')).toBeUndefined();
    expect(parseDuration(-1)).toBeUndefined();
    expect([
      formatDuration(DAY),
      formatDuration(3_650 * DAY),
      formatDuration(14 * DAY),
      formatDuration(90 * 60_000),
      formatDuration(1_500),
    ]).toEqual(['1d', '3650d', '2w', '90m', '1.5s']);
  });
});

describe('byte sizes', () => {
  it('reads plain numbers and units', () => {
    expect(parseByteSize(1000)).toBe(1000);
    expect(parseByteSize('1000')).toBe(1000);
    expect(parseByteSize('512KB')).toBe(512 * 1024);
    expect(parseByteSize('1.5 GiB')).toBe(1.5 * 1024 ** 3);
    expect(parseByteSize('12 parsecs')).toBeUndefined();
    expect(parseByteSize(0)).toBeUndefined();
    expect(parseByteSize(-5)).toBeUndefined();
  });
});
