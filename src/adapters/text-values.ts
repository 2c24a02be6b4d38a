/**
 * Warehouse values that arrive as text (Redshift's Data API `stringValue`, every Athena
 * value) read as JS values: exact decimals, dates and timestamps in UTC.
 */

/**
 * A decimal string as a number when no digit is lost: at most 15 significant digits
 * always round-trip through a double; longer ones only when printing the double gives
 * the same decimal back.
 */
export function exactNumber(text: string): number | undefined {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) return undefined;
  const integer = (match[2] ?? '').replace(/^0+/, '');
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  const significant = `${integer}${fraction}`.replace(/^0+/, '').replace(/0+$/, '');
  if (significant.length <= 15) return value;
  const canonical = `${match[1] === '-' ? '-' : ''}${integer || '0'}${fraction ? `.${fraction}` : ''}`;
  return String(value) === canonical ? value : undefined;
}

const DATE = /^(\d{4,})-(\d{2})-(\d{2})$/;
const TIMESTAMP =
  /^(\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:\s*(Z|[+-]\d{2}(?::?\d{2}){0,2}))?$/;

/** `YYYY-MM-DD` as midnight UTC; BC dates and infinities stay strings. */
export function parseDate(text: string): Date | undefined {
  const m = DATE.exec(text);
  return m ? utcDate(Number(m[1]), Number(m[2]), Number(m[3]), 0, 0, 0, 0) : undefined;
}

/**
 * `YYYY-MM-DD HH:MM:SS[.ffffff][+HH[:MM]]`; without an offset the time is UTC.
 * Microseconds are cut to milliseconds.
 */
export function parseTimestamp(text: string): Date | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const date = utcDate(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), millis);
  if (!date) return undefined;
  const offset = m[8];
  if (offset && offset !== 'Z') {
    const [hours = 0, minutes = 0, seconds = 0] = offset.slice(1).match(/\d{2}/g)!.map(Number);
    const sign = offset.startsWith('-') ? -1 : 1;
    date.setTime(date.getTime() - sign * ((hours * 60 + minutes) * 60 + seconds) * 1000);
  }
  return date;
}

function utcDate(
  year: number,
  month: number,
  day: number,
  h: number,
  min: number,
  s: number,
  ms: number,
): Date | undefined {
  const date = new Date(Date.UTC(2000, month - 1, day, h, min, s, ms));
  // Date.UTC reads years 0-99 as 19xx: set the year apart.
  date.setUTCFullYear(year);
  return Number.isNaN(date.getTime()) || date.getUTCDate() !== day ? undefined : date;
}
