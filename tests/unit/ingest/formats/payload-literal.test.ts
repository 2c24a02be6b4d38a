/**
 * The pieces that write Avro payloads quickly give what the general path gives: the payload
 * literal written from a record's bytes equals `JSON.stringify` applied twice to the record
 * avsc decodes, the field decoded on the way is avsc's value, bytes that are not a record
 * of the schema give no literal (avsc then says why), and timestamps read as
 * `Date#toISOString` writes them.
 */
import { describe, expect, it } from 'vitest';
import type avro from 'avsc';
import { avroType } from '../../../../ingest/formats/avro-decoder.js';
import { AvroPayloadReader } from '../../../../ingest/formats/avro-payload-literal.js';
import { IsoMillisFormatter } from '../../../../ingest/formats/iso-millis-formatter.js';
import { valueLiteral } from '../../../../ingest/formats/payload-literal.js';
import { AVRO_V2 } from './payload-corpus.js';

/** Random records of `type` (those Date can write), each after 3 bytes of something else. */
function randomRecords(type: avro.Type, count: number): Buffer[] {
  const records: Buffer[] = [];
  for (let n = 0; n < count; n++) {
    try {
      records.push(Buffer.concat([Buffer.from([9, 9, 9]), type.toBuffer(type.random())]));
    } catch {
      // a random date or timestamp outside what Date can write
    }
  }
  return records;
}

/** What avsc reads from `bytes` at 3: the record, or undefined when it is not one filling the bytes. */
function avscRecord(type: avro.Type, bytes: Buffer): { value: unknown } | undefined {
  try {
    const decoded = type.decode(bytes, 3);
    return decoded.offset === bytes.length ? { value: decoded.value } : undefined;
  } catch {
    return undefined;
  }
}

describe('Avro payload literals', () => {
  const type = avroType(JSON.stringify(AVRO_V2));

  it('equal JSON.stringify twice for random records of every type', () => {
    const reader = new AvroPayloadReader(type);
    const records = randomRecords(type, 500);
    expect(records.length).toBeGreaterThan(100);
    for (const bytes of records) {
      expect(reader.read(bytes, 3)).toBe(`"${valueLiteral(type.decode(bytes, 3).value)}"`);
    }
  });

  it('decode the captured field as avsc does, whatever its type, and only that field', () => {
    for (const field of ['event_time', 'text', 'id', 'maybe', 'address', 'counts', 'wrapped', 'price', 'blob']) {
      const reader = new AvroPayloadReader(type, field);
      expect(reader.capturing).toBe(true);
      for (const bytes of randomRecords(type, 50)) {
        const record = type.decode(bytes, 3).value as Record<string, unknown>;
        expect(reader.read(bytes, 3)).toBe(`"${valueLiteral(record)}"`);
        expect(reader.fields()).toEqual({ [field]: record[field] });
      }
    }
    const absent = new AvroPayloadReader(type, 'not_a_field');
    const [bytes] = randomRecords(type, 1);
    expect(absent.read(bytes!, 3)).toBeDefined();
    expect(absent.fields()).toEqual({ not_a_field: undefined });
    expect(new AvroPayloadReader(avroType('"string"'), 'event_time').capturing).toBe(false);
  });

  it('write no literal for bytes avsc would not read as the record, and only its literal otherwise', () => {
    const reader = new AvroPayloadReader(type, 'event_time');
    let refused = 0;
    let mutated = 0;
    for (const bytes of randomRecords(type, 8)) {
      const variants: Buffer[] = [Buffer.concat([bytes, Buffer.from([0])])];
      for (let end = 3; end < bytes.length; end++) variants.push(bytes.subarray(0, end));
      for (let at = 3; at < bytes.length; at += 3) {
        for (const byte of [0x00, 0x01, 0x7f, 0x80, 0xff]) {
          const copy = Buffer.from(bytes);
          copy[at] = byte;
          variants.push(copy);
        }
      }
      for (const variant of variants) {
        const literal = reader.read(variant, 3);
        if (literal === undefined) {
          refused++;
          continue;
        }
        mutated++;
        const record = avscRecord(type, variant);
        expect(record).toBeDefined();
        expect(literal).toBe(`"${valueLiteral(record!.value)}"`);
        expect(reader.fields()).toEqual({ event_time: (record!.value as { event_time: unknown }).event_time });
      }
    }
    // Both outcomes were seen: the check compared literals, and refused what it should.
    expect(refused).toBeGreaterThan(1000);
    expect(mutated).toBeGreaterThan(1000);
  });

  it('refuse truncated records, negative lengths, union and enum indexes out of range, longs beyond 2^53', () => {
    const flat = avroType(
      JSON.stringify({
        type: 'record',
        name: 'R',
        fields: [
          { name: 's', type: 'string' },
          { name: 'u', type: ['null', 'long'] },
          { name: 'e', type: { type: 'enum', name: 'E', symbols: ['A'] } },
        ],
      }),
    );
    const reader = new AvroPayloadReader(flat, 's');
    const good = flat.toBuffer({ s: 'ab', u: 5, e: 'A' });
    expect(reader.read(good, 0)).toBe(JSON.stringify(JSON.stringify({ s: 'ab', u: 5, e: 'A' })));
    expect(reader.read(good.subarray(0, good.length - 1), 0)).toBeUndefined();
    expect(reader.read(Buffer.from([0x01, 0x00, 0x00]), 0)).toBeUndefined(); // string length -1
    expect(reader.read(Buffer.from([0x00, 0x04, 0x00]), 0)).toBeUndefined(); // union index 2
    expect(reader.read(Buffer.from([0x00, 0x00, 0x02]), 0)).toBeUndefined(); // enum index 1
    const big = Buffer.from([0x00, 0x02, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02, 0x00]); // 2^56
    expect(reader.read(big, 0)).toBeUndefined();
    for (const bytes of [good.subarray(0, 2), Buffer.from([0x01, 0x00, 0x00]), big]) {
      expect(avscRecord(flat, Buffer.concat([Buffer.alloc(3), bytes]))).toBeUndefined();
    }
  });

  it('write strings JSON escapes, and strings that are not UTF-8, as JSON.stringify does', () => {
    const strings = avroType('{"type":"array","items":"string"}');
    const reader = new AvroPayloadReader(strings);
    const texts = ['a"b', 'a\\b', 'tab\t', '\u0000', 'ü', '😀', '\u007f', ''];
    const bytes = strings.toBuffer(texts);
    expect(reader.read(bytes, 0)).toBe(JSON.stringify(JSON.stringify(texts)));
    const invalid = Buffer.from([2, 4, 0x61, 0xff, 0]);
    const decoded = strings.fromBuffer(invalid) as string[];
    expect(decoded).toEqual(['a\ufffd']);
    expect(reader.read(invalid, 0)).toBe(JSON.stringify(JSON.stringify(decoded)));
  });
});

describe('IsoMillisFormatter', () => {
  it('writes what toISOString writes, across days, years and the edges Date handles itself', () => {
    const formatter = new IsoMillisFormatter();
    const instants = [0, 1, 999, 86_399_999, 86_400_000, 951_782_400_000, 253_402_300_799_999, 253_402_300_800_000, -1];
    for (let n = 0; n < 2000; n++) instants.push((n * 2_051_222_400_017) % 4_102_444_800_000);
    for (let n = 0; n < 200; n++) instants.push(1_767_571_200_000 + n * 7_211);
    for (const ms of instants) expect(formatter.format(ms)).toBe(new Date(ms).toISOString());
    expect(() => formatter.format(8.64e15 + 1)).toThrow(RangeError);
  });
});
