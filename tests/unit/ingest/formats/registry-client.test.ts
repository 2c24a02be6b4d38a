/**
 * The registry client's side of the REST API that the real registry of the test services
 * does not exercise: it runs without authentication, so a small local server stands in to
 * check the credentials sent and the answers that mean "wait" or "no such schema".
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RegistryUnavailableError,
  SchemaNotFoundError,
  SchemaRegistryClient,
} from '../../../../ingest/formats/registry-client.js';
import { readMessageIndexes, writeMessageIndexes } from '../../../../ingest/formats/wire-format.js';

describe('the Schema Registry client', () => {
  const seen: IncomingMessage[] = [];
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push(request);
      const status = request.url?.endsWith('/ids/1') ? 200 : request.url?.endsWith('/ids/2') ? 404 : 503;
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(status === 200 ? '{"schema":"\\"string\\""}' : '{"error_code":40403,"message":"not found"}');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ccompat`;
  });
  afterAll(() => new Promise((done) => server.close(done)));

  it('sends basic or bearer credentials and reads an Avro schema (no schemaType) by id', async () => {
    const basic = new SchemaRegistryClient({
      url,
      auth: { kind: 'basic', username: 'ingest', password: 'pa:ss' },
      onUnavailable: 'wait',
    });
    expect(await basic.schemaById(1)).toEqual({ id: 1, schemaType: 'AVRO', schema: '"string"', references: [] });
    expect(seen.at(-1)?.url).toBe('/ccompat/schemas/ids/1');
    expect(seen.at(-1)?.headers.authorization).toBe(`Basic ${Buffer.from('ingest:pa:ss').toString('base64')}`);
    const bearer = new SchemaRegistryClient({ url, auth: { kind: 'bearer', token: 't0k' }, onUnavailable: 'wait' });
    await bearer.schemaById(1);
    expect(seen.at(-1)?.headers.authorization).toBe('Bearer t0k');
  });

  it('tells a missing schema (the record is at fault) from a registry that does not answer (wait)', async () => {
    const client = new SchemaRegistryClient({
      url,
      auth: { kind: 'basic', username: 'u', password: 'secret' },
      onUnavailable: 'wait',
    });
    await expect(client.schemaById(2)).rejects.toBeInstanceOf(SchemaNotFoundError);
    const unavailable = await client.subjectVersion('orders-value', 'latest').catch((error: unknown) => error);
    expect(unavailable).toBeInstanceOf(RegistryUnavailableError);
    expect((unavailable as Error).message).toContain('503');
    expect((unavailable as Error).message).not.toContain('secret');
    const closed = new SchemaRegistryClient({ url: 'http://127.0.0.1:9', onUnavailable: 'wait' });
    await expect(closed.schemaById(1)).rejects.toBeInstanceOf(RegistryUnavailableError);
  });
});

describe("Protobuf's message indexes", () => {
  it('round-trips paths, with [0] as the single byte 0', () => {
    for (const path of [[0], [1], [2, 0, 5], [300]]) {
      const bytes = writeMessageIndexes(path);
      expect(readMessageIndexes(Buffer.concat([bytes, Buffer.from([9])]), 0)).toEqual({
        path,
        next: bytes.length,
      });
    }
    expect([...writeMessageIndexes([0])]).toEqual([0]);
    expect(readMessageIndexes(Buffer.from([4, 2]), 0)).toBeUndefined(); // two indexes announced, one there
  });
});
