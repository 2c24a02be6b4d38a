/**
 * The benchmark's clickstream events as Protobuf in Confluent's wire format (message
 * index 0): the .proto file is registered in the test services' Schema Registry under
 * `<topic>-value`, and each JSON event is encoded with it.
 */
import { parseProto } from '../ingest/formats/protobuf-decoder.js';
import { wireHeader, writeMessageIndexes } from '../ingest/formats/wire-format.js';
import { registerSchema } from '../tests/support/schema-registry.js';

/** The events' .proto file. */
export const PROTO_SCHEMA = `syntax = "proto3";
package strata.bench;

message PageView {
  string event_id = 1;
  string event_type = 2;
  string event_time = 3;
  string user_id = 4;
  string session_id = 5;
  string device = 6;
  string channel = 7;
  string page_type = 8;
  string page_path = 9;
  string referrer = 10;
  string user_agent = 11;
  string country_code = 12;
  string city = 13;
  int64 sequence = 14;
}
`;

/** Registers the .proto file for `topic` and returns an encoder of JSON event text to wire-format Protobuf. */
export async function protobufEncoder(registry: string, topic: string): Promise<(json: string) => Buffer> {
  return protobufEventEncoder(await registerSchema(registry, `${topic}-value`, PROTO_SCHEMA, 'PROTOBUF'));
}

/** An encoder of JSON event text to wire-format Protobuf under schema id `id`. */
export function protobufEventEncoder(id: number): (json: string) => Buffer {
  const type = parseProto(PROTO_SCHEMA).messages[0]!;
  const prefix = Buffer.concat([wireHeader(id), writeMessageIndexes([0])]);
  return (json) => Buffer.concat([prefix, type.encode(type.fromObject(JSON.parse(json) as object)).finish()]);
}
