/**
 * The pieces that write Avro payloads quickly give what the general path gives: the payload
 * literal of random records equals `JSON.stringify` applied twice to the decoded record,
 * and timestamps read as `Date#toISOString` writes them.
 */
import { describe, expect, it } from 'vitest';
import { avroType } from '../../../../ingest/formats/avro-decoder.js';
import { avroPayloadLiteral } from '../../../../ingest/formats/avro-payload-literal.js';
import { IsoMillisFormatter } from '../../../../ingest/formats/iso-millis-formatter.js';
import { valueLiteral } from '../../../../ingest/formats/payload-literal.js';
import { AVRO_V2 } from './payload-corpus.js';

describe('Avro payload literals', () => {
  it('equal JSON.stringify twice for random records of every type', () => {
    const type = avroType(JSON.stringify(AVRO_V2));
    const literal = avroPayloadLiteral(type);
    let compared = 0;
    for (let n = 0; n < 500; n++) {
      let bytes: Buffer;
      try {
        bytes = Buffer.concat([Buffer.from([9, 9, 9]), type.toBuffer(type.random())]);
      } catch {
        continue; // a random date or timestamp outside what Date can write
      }
      const decoded = type.decode(bytes, 3);
      expect(literal(bytes, 3, decoded.value)).toBe(`"${valueLiteral(decoded.value)}"`);
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('write strings JSON escapes, and strings that are not UTF-8, as JSON.stringify does', () => {
    const type = avroType('{"type":"array","items":"string"}');
    const literal = avroPayloadLiteral(type);
    const texts = ['a"b', 'a\\b', 'tab\t', '\u0000', 'ü', '😀', '\u007f', ''];
    const bytes = type.toBuffer(texts);
    expect(literal(bytes, 0, type.fromBuffer(bytes))).toBe(JSON.stringify(JSON.stringify(texts)));
    const invalid = Buffer.from([2, 4, 0x61, 0xff, 0]);
    const decoded = type.fromBuffer(invalid) as string[];
    expect(decoded).toEqual(['a\ufffd']);
    expect(literal(invalid, 0, decoded)).toBe(JSON.stringify(JSON.stringify(decoded)));
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
