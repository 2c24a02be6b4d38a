import { describe, expect, it } from 'vitest';
import { loadIngestConfig } from '../../../../ingest/config/load-ingest-config.js';
import { expectStrataError, tempProject } from '../../../support/temp-project.js';

function load(yaml: string, env: Record<string, string> = {}) {
  const root = tempProject({ 'ingest/ingest.yml': yaml, 'ingest/t.schema.json': '{ "type": "object" }' });
  return () => loadIngestConfig('ingest/ingest.yml', { projectRoot: root, env });
}

const HEAD = `brokers: localhost:9092
group_id: g
destination: { path: ../lake }
`;

describe('topic formats and the schema registry', () => {
  it('reads formats, reader schemas, the registry and its credentials from the named variables', () => {
    const config = load(
      `${HEAD}topics:
  - { name: clicks }
  - { name: orders, format: avro }
  - { name: payments, format: protobuf, reader_schema: { subject: pay, version: 3 } }
  - { name: users, format: json-schema, schema: t.schema.json }
schema_registry:
  url: http://registry:8081/
  basic_auth: { username_env: SR_USER, password_env: SR_PASSWORD }
  on_unavailable: reject
`,
      { SR_USER: 'ingest', SR_PASSWORD: 'not-printed' },
    )();
    expect(config.topics.map((topic) => [topic.name, topic.format, topic.readerSchema])).toEqual([
      ['clicks', 'json', undefined],
      ['orders', 'avro', { subject: 'orders-value', version: 'latest' }],
      ['payments', 'protobuf', { subject: 'pay', version: 3 }],
      ['users', 'json-schema', undefined],
    ]);
    expect(config.schemaRegistry).toEqual({
      url: 'http://registry:8081',
      auth: { kind: 'basic', username: 'ingest', password: 'not-printed' },
      onUnavailable: 'reject',
    });
  });

  it('checks decoded avro and protobuf records against a JSON Schema too, when the topic names one', () => {
    const config = load(
      `${HEAD}topics:\n  - { name: o, format: protobuf, schema: t.schema.json }\nschema_registry: { url: http://r }\n`,
    )();
    const validate = config.topics[0]!.validate!;
    expect([validate({}), validate([])]).toEqual([true, false]);
  });

  it('takes a bearer token, and waits by default', () => {
    const config = load(
      `${HEAD}topics: [{ name: orders, format: avro }]
schema_registry: { url: "https://sr", bearer_auth: { token_env: SR_TOKEN } }
`,
      { SR_TOKEN: 't0ken' },
    )();
    expect(config.schemaRegistry).toEqual({
      url: 'https://sr',
      auth: { kind: 'bearer', token: 't0ken' },
      onUnavailable: 'wait',
    });
  });

  it('an avro topic without a registry, a json-schema topic without a schema', () => {
    expectStrataError(load(`${HEAD}topics:\n  - { name: orders, format: avro }\n`), {
      file: 'ingest/ingest.yml',
      line: 5,
      message: 'Topic "orders" is avro, which needs a schema registry',
      hint: /schema_registry/,
    });
    expectStrataError(load(`${HEAD}topics:\n  - { name: orders, format: json-schema }\n`), {
      line: 5,
      message: 'Topic "orders" is json-schema but names no "schema"',
    });
    expectStrataError(load(`${HEAD}topics:\n  - { name: o, format: avroo }\n`), {
      line: 5,
      message: /must be one of json, json-schema, avro, protobuf/,
    });
  });

  it('names a missing credential variable without printing any value', () => {
    const error = expectStrataError(
      load(
        `${HEAD}topics: [{ name: o, format: avro }]
schema_registry:
  url: http://r
  basic_auth: { username_env: SR_USER, password_env: SR_PASSWORD }
`,
        { SR_USER: 'secret-user' },
      ),
      { line: 7, message: 'The environment variable SR_PASSWORD is not set' },
    );
    expect(JSON.stringify(error)).not.toContain('secret-user');
    expect(error.message).not.toContain('secret-user');
  });
});
