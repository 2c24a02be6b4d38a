/**
 * Avro records written with another version of the reader schema (fields added with a
 * default, fields removed) have their payload written from their bytes exactly as avsc's
 * resolver reads them: the literal equals `JSON.stringify` twice of the resolved record,
 * the captured field is the resolver's value, bytes the resolver rejects give no literal,
 * and any other difference between the versions is left to the resolver.
 */
import { describe, expect, it } from 'vitest';
import type avro from 'avsc';
import { avroType } from '../../../../ingest/formats/avro-decoder.js';
import { resolvedPayloadReader } from '../../../../ingest/formats/avro-resolved-payload.js';
import { valueLiteral } from '../../../../ingest/formats/payload-literal.js';
import { AVRO_V2 } from './payload-corpus.js';

type Field = { name: string; type: unknown; default?: unknown };

const V2_FIELDS = AVRO_V2.fields as Field[];

/** The corpus's record with `fields` instead of its own. */
function version(fields: Field[]): avro.Type {
  return avroType(JSON.stringify({ ...AVRO_V2, fields }));
}

const without = (...names: string[]) => V2_FIELDS.filter((field) => !names.includes(field.name));

/** Fields a newer reader adds, with defaults of every kind. */
const ADDED: Field[] = [
  { name: 'note', type: ['null', 'string'], default: null },
  { name: 'city', type: 'string', default: 'München "Mitte"' },
  { name: 'seen', type: { type: 'long', logicalType: 'timestamp-millis' }, default: 1_767_607_200_000 },
  { name: 'raw', type: 'bytes', default: '\u0001\u00ff' },
  { name: 'level', type: { type: 'enum', name: 'Level', symbols: ['LOW', 'HIGH'] }, default: 'HIGH' },
  { name: 'point', type: { type: 'record', name: 'Point', fields: [{ name: 'x', type: 'int' }] }, default: { x: 3 } },
  { name: 'list', type: { type: 'array', items: 'int' }, default: [1, 2] },
];

/** Writer and reader versions: older and newer writers, fields added anywhere, removed anywhere. */
const PAIRS: [string, avro.Type, avro.Type][] = [
  ['an older writer (the reader adds a field at the end)', version(without('added')), version(V2_FIELDS)],
  ['a newer writer (the reader lacks its last field)', version(V2_FIELDS), version(without('added'))],
  ['fields removed in the middle and at the start', version(V2_FIELDS), version(without('id', 'small', 'tags'))],
  [
    'fields added between the writer fields',
    version(V2_FIELDS),
    version([ADDED[0]!, ...V2_FIELDS.slice(0, 5), ...ADDED.slice(1, 4), ...V2_FIELDS.slice(5), ...ADDED.slice(4)]),
  ],
  [
    'fields added and removed',
    version(without('text', 'counts')),
    version([...without('blob', 'text', 'counts'), ...ADDED]),
  ],
];

/** Random records of `writer`, each after 2 bytes of something else. */
function randomRecords(writer: avro.Type, count: number): Buffer[] {
  const records: Buffer[] = [];
  while (records.length < count) {
    try {
      records.push(Buffer.concat([Buffer.from([7, 7]), writer.toBuffer(writer.random())]));
    } catch {
      // a random date or timestamp outside what Date can write
    }
  }
  return records;
}

/** What the resolver reads at 2: the record, or undefined when the bytes are not one filling them. */
function resolved(reader: avro.Type, writer: avro.Type, bytes: Buffer): Record<string, unknown> | undefined {
  try {
    const decoded = reader.decode(bytes, 2, reader.createResolver(writer));
    return decoded.offset === bytes.length ? (decoded.value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

describe('Avro payload literals of records of another schema version', () => {
  for (const [name, writer, reader] of PAIRS) {
    it(`equal the resolver's record: ${name}`, () => {
      for (const capture of [undefined, 'event_time', 'seen', 'address', 'note']) {
        const payload = resolvedPayloadReader(writer, reader, capture)!;
        expect(payload).toBeDefined();
        for (const bytes of randomRecords(writer, 60)) {
          const record = resolved(reader, writer, bytes)!;
          expect(payload.read(bytes, 2)).toBe(`"${valueLiteral(record)}"`);
          if (capture) expect(payload.fields()).toEqual({ [capture]: record[capture] });
        }
      }
    });
  }

  it('give no literal for bytes the resolver rejects, and the resolver literal for those it reads', () => {
    const [, writer, reader] = PAIRS[4]!;
    const payload = resolvedPayloadReader(writer, reader, 'event_time')!;
    let literals = 0;
    for (const [n, good] of randomRecords(writer, 300).entries()) {
      const bytes = n % 2 ? good.subarray(0, 2 + ((n * 7919) % (good.length - 2))) : Buffer.from(good);
      if (n % 2 === 0) bytes[2 + ((n * 7919) % (bytes.length - 2))] = (n * 31) % 256;
      const literal = payload.read(bytes, 2);
      if (literal === undefined) continue;
      literals++;
      expect(literal).toBe(`"${valueLiteral(resolved(reader, writer, bytes))}"`);
    }
    expect(literals).toBeGreaterThan(20);
  });

  it('leave promoted types, reordered fields and fields met by alias to the resolver', () => {
    const promoted = V2_FIELDS.map((field) => (field.name === 'small' ? { ...field, type: 'long' } : field));
    expect(resolvedPayloadReader(version(V2_FIELDS), version(promoted))).toBeUndefined();
    const reordered = [V2_FIELDS[1]!, V2_FIELDS[0]!, ...V2_FIELDS.slice(2)];
    expect(resolvedPayloadReader(version(V2_FIELDS), version(reordered))).toBeUndefined();
    const renamed = [...without('added'), { name: 'plus', type: 'string', default: 'x', aliases: ['added'] }];
    expect(resolvedPayloadReader(version(V2_FIELDS), version(renamed))).toBeUndefined();
  });
});
