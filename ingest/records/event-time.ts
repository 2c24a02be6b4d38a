/**
 * The event time of a payload: an ISO-8601 timestamp (with an offset, or without one and
 * then read in the topic's time zone) or epoch seconds/milliseconds. Anything else, or a
 * time outside 1970..9999, is not a usable event time.
 */
import type { EventTimeFormat } from '../config/ingest-config.js';
import { canonicalUtcMillis, daysInMonth } from './utc-instant.js';

const ISO = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const MINUTE_MS = 60_000;

/**
 * Milliseconds since the epoch of an ISO-8601 timestamp, or undefined when it does not
 * parse or names an impossible time (`T25:61:00Z`, February 30th). A timestamp without an
 * offset is read in `timeZone`, unless `requireOffset` refuses it.
 */
export function parseIsoTimestamp(text: string, timeZone: string, requireOffset = false): number | undefined {
  const canonical = canonicalUtcMillis(text);
  if (!Number.isNaN(canonical)) return inRange(canonical) ? canonical : undefined;
  const match = ISO.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction, offset] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  // Date.UTC reads years 0-99 as 19xx; before 1969 nothing can land in 1970..9999 anyway.
  if (year < 1969 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  let ms: number;
  if (offset === undefined) {
    if (requireOffset) return undefined;
    ms = zonedWallTimeToUtc(wall, timeZone);
  } else if (offset === 'Z' || offset === 'z') {
    ms = wall;
  } else {
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMinutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (offsetHours > 23 || offsetMinutes > 59) return undefined;
    ms = wall - sign * (offsetHours * 60 + offsetMinutes) * MINUTE_MS;
  }
  return inRange(ms) ? ms : undefined;
}

/** The event time of a field value in the given format, or undefined when unusable. */
export function parseEventTime(value: unknown, format: EventTimeFormat, timeZone: string): number | undefined {
  if (format === 'iso8601') return typeof value === 'string' ? parseIsoTimestamp(value, timeZone) : undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const ms = Math.floor(format === 'epoch_seconds' ? value * 1000 : value);
  return inRange(ms) ? ms : undefined;
}

/** True when `ms` can be placed in a `dt=YYYY-MM-DD` folder (1970 to 9999). */
export function inRange(ms: number): boolean {
  return Number.isFinite(ms) && ms >= 0 && ms <= MAX_MS;
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();

/** The UTC instant of a wall-clock time in `timeZone` (the earlier one in a DST overlap). */
function zonedWallTimeToUtc(wall: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return wall;
  const first = offsetAt(wall, timeZone);
  const guess = wall - first;
  const second = offsetAt(guess, timeZone);
  return second === first ? guess : wall - second;
}

/** Offset of `timeZone` from UTC at an instant, in ms; cached per zone and quarter hour. */
function offsetAt(instant: number, timeZone: string): number {
  const key = `${timeZone}|${Math.floor(instant / (15 * MINUTE_MS))}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(instant))) parts[part.type] = Number(part.value);
  const asUtc = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  const offset = Math.round((asUtc - Math.floor(instant / 1000) * 1000) / MINUTE_MS) * MINUTE_MS;
  if (offsetCache.size > 10_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}
