/** `source: kinesis` in the ingest config: defaults, and one clear error per mistake. */
import { describe, expect, it } from 'vitest';
import { loadIngestConfig } from '../../../../ingest/config/load-ingest-config.js';
import { expectStrataError, tempProject } from '../../../support/temp-project.js';

const load = (yaml: string) => {
  const root = tempProject({ 'ingest.yml': yaml });
  return () => loadIngestConfig('ingest.yml', { projectRoot: root, env: {} });
};

describe('source: kinesis', () => {
  it('needs no brokers and fills in KCL-like defaults', () => {
    const config = load('source: kinesis\ntopics: [{ name: orders }]\ndestination: { path: lake }\n')();
    expect(config.kinesis).toEqual({
      applicationName: 'strata-ingest',
      initialPosition: 'TRIM_HORIZON',
      failoverTimeMs: 10_000,
      maxRecords: 10_000,
      idleTimeBetweenReadsMs: 1_000,
    });
    expect(config.topics.map((topic) => topic.name)).toEqual(['orders']);
  });

  it('reads the kinesis block', () => {
    const config = load(
      [
        'source: kinesis',
        'kinesis: { region: eu-west-1, endpoint: "http://localhost:4566", application_name: shop,',
        '  initial_position: latest, failover_time_ms: 5000, max_records: 500, idle_time_between_reads_ms: 250 }',
        'topics: [{ name: orders }]',
        'destination: { path: lake }',
      ].join('\n'),
    )();
    expect(config.kinesis).toEqual({
      region: 'eu-west-1',
      endpoint: 'http://localhost:4566',
      applicationName: 'shop',
      initialPosition: 'LATEST',
      failoverTimeMs: 5_000,
      maxRecords: 500,
      idleTimeBetweenReadsMs: 250,
    });
  });

  it('reads enhanced fan-out: the consumer is named after the application unless named', () => {
    const efo = (block: string) =>
      load(`source: kinesis\nkinesis: { ${block} }\ntopics: [{ name: orders }]\ndestination: { path: lake }\n`)()
        .kinesis?.enhancedFanOut;
    expect(efo('application_name: shop')).toBeUndefined();
    expect(efo('application_name: shop, enhanced_fan_out: true')).toEqual({ consumerName: 'shop' });
    expect(efo('enhanced_fan_out: true, consumer_name: lake-loader')).toEqual({ consumerName: 'lake-loader' });
  });

  it.each([
    ['source: pulsar\nbrokers: b:1\n', 1, '"source" must be kafka or kinesis'],
    ['brokers: b:1\nkinesis: { region: x }\n', 2, 'needs "source: kinesis"'],
    ['source: kinesis\nformat: parquet\n', 2, 'land as jsonl.gz for now'],
    ['source: kinesis\ncommit_feed: true\n', 2, 'do not feed it yet'],
    ['source: kinesis\nkinesis: { max_records: 20000 }\n', 2, 'from 1 to 10000'],
    ['source: kinesis\nkinesis: { initial_position: oldest }\n', 2, 'trim_horizon or latest'],
    ['source: kinesis\nkinesis: { application_name: "a/b" }\n', 2, 'names a folder of the lake'],
    ['source: kinesis\nkinesis: { shard_count: 2 }\n', 2, 'shard_count'],
    ['source: kinesis\nkinesis: { enhanced_fan_out: yes please }\n', 2, 'must be true or false'],
    ['source: kinesis\nkinesis: { consumer_name: app }\n', 2, 'names the consumer of enhanced fan-out'],
    ['source: kinesis\nkinesis: { enhanced_fan_out: true, consumer_name: "a b" }\n', 2, '"kinesis.consumer_name" must'],
  ])('rejects %j', (head, line, message) => {
    expectStrataError(load(`${head}topics: [{ name: orders }]\ndestination: { path: lake }\n`), { line, message });
  });

  it('checks stream names by the rule of Kinesis and names streams, not Kafka topics, in its errors', () => {
    const long = 'a'.repeat(129);
    expectStrataError(load(`source: kinesis\ntopics: [{ name: ${long} }]\ndestination: { path: lake }\n`), {
      line: 2,
      message:
        `Stream name "${long}" cannot be used: ` +
        'Kinesis stream names use only letters, digits, ".", "_" and "-" (at most 128)',
    });
    expectStrataError(load('source: kinesis\ntopics: [orders, orders]\ndestination: { path: lake }\n'), {
      message: 'Stream "orders" is listed twice',
    });
    expectStrataError(load('source: kinesis\ntopics: []\ndestination: { path: lake }\n'), {
      message: '"topics" is required: the Kinesis streams to land',
    });
    // a name Kafka allows (up to 249 characters) is still refused for a stream; the Kafka source keeps its rule
    const kafka = load(`brokers: b:1\ngroup_id: g\ntopics: [{ name: ${long} }]\ndestination: { path: lake }\n`)();
    expect(kafka.topics[0]?.name).toBe(long);
  });
});
