/**
 * Protobuf's well-known types in the payload as the proto3 JSON mapping writes them:
 * Timestamp as an RFC 3339 string, Duration as seconds with `s`, wrappers as bare values.
 */
import { describe, expect, it } from 'vitest';
import { parseProto, TO_OBJECT } from '../../../../ingest/formats/protobuf-decoder.js';

const PROTO = `syntax = "proto3";
package wkt;
import "google/protobuf/timestamp.proto";
import "google/protobuf/duration.proto";
import "google/protobuf/wrappers.proto";

message Event {
  google.protobuf.Timestamp event_time = 1;
  google.protobuf.Duration took = 2;
  google.protobuf.StringValue note = 3;
  google.protobuf.Int64Value count = 4;
  google.protobuf.BoolValue flag = 5;
  google.protobuf.DoubleValue ratio = 6;
  google.protobuf.BytesValue blob = 7;
  repeated google.protobuf.Timestamp seen = 8;
}
`;

const type = parseProto(PROTO).messages[0]!;

/** The payload object of a record encoded from `fields` (messages built as a producer builds them). */
function roundTrip(fields: Record<string, unknown>): Record<string, unknown> {
  const message = type.fromObject(fields);
  return type.toObject(type.decode(type.encode(message).finish()), TO_OBJECT);
}

describe('Protobuf well-known types', () => {
  it('Timestamp is an RFC 3339 UTC string with 0, 3, 6 or 9 fractional digits', () => {
    const at = (seconds: number, nanos: number) => roundTrip({ event_time: { seconds, nanos } }).event_time;
    expect(at(1_767_607_200, 0)).toBe('2026-01-05T10:00:00Z');
    expect(at(1_767_607_200, 123_000_000)).toBe('2026-01-05T10:00:00.123Z');
    expect(at(1_767_607_200, 123_456_000)).toBe('2026-01-05T10:00:00.123456Z');
    expect(at(1_767_607_200, 123_456_789)).toBe('2026-01-05T10:00:00.123456789Z');
    expect(at(-1, 500_000_000)).toBe('1969-12-31T23:59:59.500Z');
    expect(() => at(253_402_300_800, 0)).toThrow(/Timestamp out of range/);
  });

  it('Duration is seconds with an s; wrappers are their value, null when unset', () => {
    expect(roundTrip({ took: { seconds: 1, nanos: 500_000_000 } }).took).toBe('1.500s');
    expect(roundTrip({ took: { seconds: -3, nanos: -1000 } }).took).toBe('-3.000001s');
    const wrapped = roundTrip({
      note: { value: 'hi' },
      count: { value: '9007199254740993' },
      flag: { value: false },
      ratio: { value: 0.5 },
      blob: { value: Buffer.from('ab') },
    });
    expect(wrapped).toMatchObject({ note: 'hi', count: '9007199254740993', flag: false, ratio: 0.5, blob: 'YWI=' });
    expect(roundTrip({ seen: [{ seconds: 0 }, { seconds: 1_767_607_200 }] }).seen).toEqual([
      '1970-01-01T00:00:00Z',
      '2026-01-05T10:00:00Z',
    ]);
    const empty = roundTrip({});
    expect(empty).toMatchObject({ event_time: null, took: null, note: null, count: null, seen: [] });
  });
});
