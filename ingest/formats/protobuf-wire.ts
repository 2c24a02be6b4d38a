/**
 * Protobuf's wire encoding read strictly, for the payload fast path
 * (`protobuf-payload-literal.ts`): varints of at most 10 bytes as two 32-bit halves, tags
 * and lengths of at most 5 bytes, 64-bit integers as the decimal text protobufjs's
 * `longs: String` gives. What is not read the one way protobufjs reads it throws
 * {@link MALFORMED}, and the record is then decoded by protobufjs, which says why.
 */

/** Thrown when the bytes are not plainly a message of the schema (the caller lets protobufjs decode them). */
export const MALFORMED = new Error('not plainly a message of the schema');

/** The wire types: varint, 64-bit, length-delimited, 32-bit (groups are never read here). */
export const VARINT = 0;
export const FIXED64 = 1;
export const DELIMITED = 2;
export const FIXED32 = 5;

const TWO_32 = 4_294_967_296;

/** The low and high 32 bits (unsigned) of the varint last read, and the position after it. */
export const varint = { lo: 0, hi: 0, end: 0 };

/** Reads the varint at `position` (before `limit`) into {@link varint}. */
export function readVarint(input: Uint8Array, position: number, limit: number): void {
  let lo = 0;
  let hi = 0;
  let at = position;
  for (let i = 0; i < 10; i++) {
    if (at >= limit) throw MALFORMED;
    const byte = input[at++]!;
    const bits = byte & 0x7f;
    if (i < 4) lo |= bits << (7 * i);
    else if (i === 4) {
      lo |= bits << 28;
      hi |= bits >>> 4;
    } else hi |= bits << (7 * i - 32);
    if (byte < 0x80) {
      varint.lo = lo >>> 0;
      varint.hi = hi >>> 0;
      varint.end = at;
      return;
    }
  }
  throw MALFORMED;
}

/** Reads a tag or a length: a varint of at most 5 bytes below 2^31; returns it (the end in {@link varint}). */
export function readSize(input: Uint8Array, position: number, limit: number): number {
  readVarint(input, position, limit);
  if (varint.hi !== 0 || varint.lo > 0x7fffffff || varint.end - position > 5) throw MALFORMED;
  return varint.lo;
}

/** The end of the value of wire type `wire` at `position`, checked against `limit` (what skipping a field reads). */
export function valueEnd(input: Uint8Array, wire: number, position: number, limit: number): number {
  let end: number;
  switch (wire) {
    case VARINT:
      readVarint(input, position, limit);
      return varint.end;
    case FIXED64:
      end = position + 8;
      break;
    case FIXED32:
      end = position + 4;
      break;
    case DELIMITED:
      end = readSize(input, position, limit) + varint.end;
      break;
    default:
      // Groups and invalid wire types.
      throw MALFORMED;
  }
  if (end > limit) throw MALFORMED;
  return end;
}

/** The 64-bit integer of halves `lo` and `hi` in decimal, as two's complement when `signed`. */
export function longText(lo: number, hi: number, signed: boolean): string {
  if (hi < 0x200000) return String(hi * TWO_32 + lo);
  const value = (BigInt(hi) << 32n) | BigInt(lo);
  return (signed ? BigInt.asIntN(64, value) : value).toString();
}

/** The sint64 (zigzag) of halves `lo` and `hi` in decimal. */
export function zigzagLongText(lo: number, hi: number): string {
  const mask = -(lo & 1);
  return longText((((lo >>> 1) | (hi << 31)) ^ mask) >>> 0, ((hi >>> 1) ^ mask) >>> 0, true);
}
