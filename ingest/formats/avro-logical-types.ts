/**
 * Avro logical types as the JSON a Bronze payload carries: timestamps as ISO-8601 UTC
 * strings, dates as `YYYY-MM-DD`, decimals as exact decimal strings. Each converts back
 * for encoding (the generator and tests produce records with them). A logical type read
 * from a writer of the same logical type, or of its underlying primitive, resolves; any
 * other writer is incompatible.
 */
import avro from 'avsc';
import { IsoMillisFormatter } from './iso-millis-formatter.js';

const MS_PER_DAY = 86_400_000;

/** A logical type over a primitive whose values are converted one by one. */
abstract class JsonLogicalType extends avro.types.LogicalType {
  /** The payload's value of an underlying value (what avsc's `_read` returns for it). */
  fromUnderlying(value: unknown): unknown {
    return this._fromValue(value);
  }

  protected override _resolve(writer: avro.Type): ((value: unknown) => unknown) | undefined {
    if (writer.typeName === this.typeName && this.sameParameters(writer)) return (value) => value;
    if (writer.typeName === this.underlyingType.typeName) return (value) => this._fromValue(value);
    return undefined;
  }

  protected sameParameters(_writer: avro.Type): boolean {
    return true;
  }
}

/** `timestamp-millis` (long): an ISO-8601 UTC string with milliseconds. */
class TimestampMillis extends JsonLogicalType {
  private readonly iso = new IsoMillisFormatter();

  protected override _fromValue(value: number): string {
    return this.iso.format(value);
  }
  protected override _toValue(value: unknown): number | undefined {
    return epochMillis(value);
  }
}

/** `timestamp-micros` (long): an ISO-8601 UTC string with microseconds. */
class TimestampMicros extends JsonLogicalType {
  private readonly iso = new IsoMillisFormatter();

  protected override _fromValue(value: number): string {
    const millis = Math.floor(value / 1000);
    const micros = String(value - millis * 1000).padStart(3, '0');
    return `${this.iso.format(millis).slice(0, -1)}${micros}Z`;
  }
  protected override _toValue(value: unknown): number | undefined {
    if (typeof value === 'string') {
      const micros = /\.\d{3}(\d{3})Z$/.exec(value);
      const millis = epochMillis(value);
      return millis === undefined ? undefined : millis * 1000 + (micros ? Number(micros[1]) : 0);
    }
    const millis = epochMillis(value);
    return millis === undefined ? undefined : millis * 1000;
  }
}

/** `date` (int, days since 1970-01-01): `YYYY-MM-DD`. */
class AvroDate extends JsonLogicalType {
  protected override _fromValue(value: number): string {
    return new Date(value * MS_PER_DAY).toISOString().slice(0, 10);
  }
  protected override _toValue(value: unknown): number | undefined {
    const millis = epochMillis(value);
    return millis === undefined ? undefined : Math.floor(millis / MS_PER_DAY);
  }
}

/** `decimal` (bytes or fixed: a big-endian two's-complement unscaled integer): a decimal string. */
class AvroDecimal extends JsonLogicalType {
  private readonly scale: number;

  constructor(schema: avro.Schema & { scale?: number }, options?: Partial<avro.ForSchemaOptions>) {
    super(schema, options);
    this.scale = schema.scale ?? 0;
  }

  protected override sameParameters(writer: avro.Type): boolean {
    return (writer as unknown as AvroDecimal).scale === this.scale;
  }

  protected override _fromValue(bytes: Buffer): string {
    let unscaled = 0n;
    for (const byte of bytes) unscaled = (unscaled << 8n) | BigInt(byte);
    if (bytes.length > 0 && bytes[0]! >= 0x80) unscaled -= 1n << BigInt(bytes.length * 8);
    const negative = unscaled < 0n;
    const digits = (negative ? -unscaled : unscaled).toString().padStart(this.scale + 1, '0');
    const whole = this.scale === 0 ? digits : `${digits.slice(0, -this.scale)}.${digits.slice(-this.scale)}`;
    return negative ? `-${whole}` : whole;
  }

  protected override _toValue(value: unknown): Buffer | undefined {
    const text = typeof value === 'number' ? value.toFixed(this.scale) : value;
    if (typeof text !== 'string') return undefined;
    const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
    if (!match || (match[3] ?? '').length > this.scale) return undefined;
    let unscaled = BigInt(`${match[2]}${(match[3] ?? '').padEnd(this.scale, '0')}`);
    if (match[1]) unscaled = -unscaled;
    const size = this.underlyingType.typeName === 'fixed' ? (this.underlyingType as avro.types.FixedType).size : 0;
    const bytes: number[] = [];
    let rest = unscaled;
    do {
      bytes.unshift(Number(rest & 0xffn));
      rest >>= 8n;
    } while (rest !== 0n && rest !== -1n);
    // Keep the sign bit right: a positive number whose top bit is set needs a 0x00 in front.
    if (unscaled >= 0n && bytes[0]! >= 0x80) bytes.unshift(0);
    if (unscaled < 0n && bytes[0]! < 0x80) bytes.unshift(0xff);
    while (size && bytes.length < size) bytes.unshift(unscaled < 0n ? 0xff : 0);
    return Buffer.from(bytes);
  }
}

/** Whether `type` is one of the logical types of this module (their values are JSON strings). */
export function isJsonLogicalType(type: avro.Type): type is JsonLogicalType {
  return type instanceof JsonLogicalType;
}

function epochMillis(value: unknown): number | undefined {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const millis = Date.parse(value);
    return Number.isNaN(millis) ? undefined : millis;
  }
  return undefined;
}

/** The `logicalTypes` option for `avro.Type.forSchema`. */
export const JSON_LOGICAL_TYPES = {
  'timestamp-millis': TimestampMillis,
  'timestamp-micros': TimestampMicros,
  date: AvroDate,
  decimal: AvroDecimal,
} as unknown as Record<
  string,
  new (schema: avro.Schema, opts?: Partial<avro.ForSchemaOptions>) => avro.types.LogicalType
>;
