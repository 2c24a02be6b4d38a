/**
 * Confluent's wire format for Schema Registry serializers: a magic byte 0, the schema id
 * as a 4-byte big-endian integer, then (Protobuf only) the message indexes, then the
 * serialized record.
 */

/** The framing of one record, or why it is not framed. */
export type WireHeader = { ok: true; schemaId: number } | { ok: false; detail: string };

const MAGIC = 0;
export const HEADER_BYTES = 5;

/** Reads the magic byte and schema id. */
export function readWireHeader(value: Buffer): WireHeader {
  if (value.length < HEADER_BYTES) {
    return { ok: false, detail: `${value.length} bytes, shorter than the 5-byte Schema Registry header` };
  }
  if (value[0] !== MAGIC) {
    return { ok: false, detail: `magic byte ${value[0]}, expected 0 (not written by a Schema Registry serializer)` };
  }
  return { ok: true, schemaId: value.readUInt32BE(1) };
}

/** The schema id of a framed value, or -1 when it is not framed ({@link readWireHeader} says why). */
export function schemaIdOf(value: Buffer): number {
  return value.length >= HEADER_BYTES && value[0] === MAGIC ? value.readUInt32BE(1) : -1;
}

/**
 * Protobuf's message indexes after the header: a zigzag varint count, then that many
 * zigzag varints (the path to the message type in the .proto file: top-level index, then
 * nested indexes). A single byte 0 stands for `[0]`, the first message. Returns the path
 * and where the message bytes start, or undefined when the bytes end first.
 */
export function readMessageIndexes(value: Buffer, start: number): { path: number[]; next: number } | undefined {
  const count = readZigZag(value, start);
  if (!count) return undefined;
  if (count.value === 0) return { path: [0], next: count.next };
  if (count.value < 0 || count.value > 64) return undefined;
  const path: number[] = [];
  let position = count.next;
  for (let i = 0; i < count.value; i++) {
    const index = readZigZag(value, position);
    if (!index || index.value < 0) return undefined;
    path.push(index.value);
    position = index.next;
  }
  return { path, next: position };
}

/** Writes the message-index prefix for `path` (the inverse of {@link readMessageIndexes}). */
export function writeMessageIndexes(path: readonly number[]): Buffer {
  if (path.length === 1 && path[0] === 0) return Buffer.from([0]);
  return Buffer.from([path.length, ...path].flatMap((n) => varint(n * 2)));
}

/** The 5-byte header for `schemaId`. */
export function wireHeader(schemaId: number): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header[0] = MAGIC;
  header.writeUInt32BE(schemaId, 1);
  return header;
}

function readZigZag(value: Buffer, start: number): { value: number; next: number } | undefined {
  let result = 0;
  let shift = 0;
  for (let position = start; position < value.length && shift < 35; position++) {
    const byte = value[position]!;
    result += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return { value: result % 2 === 0 ? result / 2 : -(result + 1) / 2, next: position + 1 };
    shift += 7;
  }
  return undefined;
}

function varint(n: number): number[] {
  const bytes: number[] = [];
  let rest = n;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return bytes;
}
