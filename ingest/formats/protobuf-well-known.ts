/**
 * Protobuf's well-known types in a payload as the proto3 JSON mapping writes them:
 * `google.protobuf.Timestamp` as an RFC 3339 UTC string (`2026-01-05T10:00:00.123Z`, with
 * 0, 3, 6 or 9 fractional digits), `Duration` as seconds with an `s` (`-1.500s`), and the
 * wrapper messages (`StringValue`, `Int64Value`, ...) as their bare value, null when unset.
 * Building a record from an object keeps protobufjs's field form (`{seconds, nanos}`,
 * `{value}`): a parent message checks for an object before the conversion is asked.
 * Installed once, in protobufjs's table of custom conversions, before any type is used.
 */
import protobuf from 'protobufjs';

const PACKAGE = '.google.protobuf.';
const WRAPPERS = ['Double', 'Float', 'Int64', 'UInt64', 'Int32', 'UInt32', 'Bool', 'String', 'Bytes'];
/** The Timestamp range the mapping allows: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z. */
const MIN_SECONDS = -62_135_596_800;
const MAX_SECONDS = 253_402_300_799;
const MAX_DURATION_SECONDS = 315_576_000_000;

type Fields = Record<string, unknown>;

/** Adds the conversions to protobufjs (idempotent). */
export function installWellKnownTypes(): void {
  protobuf.wrappers[`${PACKAGE}Timestamp`] = {
    fromObject(object) {
      return this.fromObject(object);
    },
    toObject(message) {
      const fields = message as unknown as Fields;
      return timestampText(seconds(fields.seconds), Number(fields.nanos ?? 0)) as unknown as Fields;
    },
  };
  protobuf.wrappers[`${PACKAGE}Duration`] = {
    fromObject(object) {
      return this.fromObject(object);
    },
    toObject(message) {
      const fields = message as unknown as Fields;
      return durationText(seconds(fields.seconds), Number(fields.nanos ?? 0)) as unknown as Fields;
    },
  };
  for (const name of WRAPPERS) {
    protobuf.wrappers[`${PACKAGE}${name}Value`] = {
      fromObject(object) {
        return this.fromObject(object);
      },
      toObject(message, options) {
        return this.toObject(message, { ...options, defaults: true }).value as Fields;
      },
    };
  }
}

/** An int64 as protobufjs holds it (a number, or a Long when long.js is present) as a number. */
function seconds(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value === undefined || value === null) return 0;
  return Number(String(value));
}

function fraction(nanos: number): string {
  if (nanos === 0) return '';
  const digits = String(nanos).padStart(9, '0');
  if (nanos % 1_000_000 === 0) return `.${digits.slice(0, 3)}`;
  if (nanos % 1000 === 0) return `.${digits.slice(0, 6)}`;
  return `.${digits}`;
}

/** A Timestamp's text (throws when it is outside the mapping's range, as its conversion does). */
export function timestampText(secondsValue: number, nanos: number): string {
  if (secondsValue < MIN_SECONDS || secondsValue > MAX_SECONDS || nanos < 0 || nanos > 999_999_999) {
    throw new Error(`google.protobuf.Timestamp out of range: seconds ${secondsValue}, nanos ${nanos}`);
  }
  return `${new Date(secondsValue * 1000).toISOString().slice(0, 19)}${fraction(nanos)}Z`;
}

function durationText(secondsValue: number, nanos: number): string {
  const sameSign = secondsValue === 0 || nanos === 0 || secondsValue > 0 === nanos > 0;
  if (Math.abs(secondsValue) > MAX_DURATION_SECONDS || Math.abs(nanos) > 999_999_999 || !sameSign) {
    throw new Error(`google.protobuf.Duration out of range: seconds ${secondsValue}, nanos ${nanos}`);
  }
  const negative = secondsValue < 0 || nanos < 0;
  return `${negative ? '-' : ''}${Math.abs(secondsValue)}${fraction(Math.abs(nanos))}s`;
}
