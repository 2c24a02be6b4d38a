/**
 * The two timestamp shapes nearly every record carries, handled without Date objects or
 * regular expressions because they run once per record: a Kafka timestamp written as
 * ISO-8601 UTC with milliseconds, and an event time of the shape
 * `YYYY-MM-DDTHH:MM:SS[.fff]Z`. Other shapes go to the general parser in event-time.ts.
 */

const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Records of a batch mostly share their second, so its formatted prefix is kept. */
const lastSecond = { second: Number.NaN, prefix: '' };

/** Year 10000 and on are written `+010000-...`: left to Date. */
const YEAR_10000_MS = Date.UTC(10_000, 0, 1);

/** `new Date(ms).toISOString()`, quicker for integer milliseconds within 1970..9999. */
export function isoMillis(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms >= YEAR_10000_MS) return new Date(ms).toISOString();
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond.second) {
    lastSecond.prefix = new Date(second * 1000).toISOString().slice(0, 20);
    lastSecond.second = second;
  }
  return `${lastSecond.prefix}${THREE_DIGITS[ms - second * 1000]}Z`;
}

export function daysInMonth(year: number, month: number): number {
  if (month !== 2) return DAYS_IN_MONTH[month - 1] ?? 0;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/**
 * Milliseconds of a `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DDTHH:MM:SS.fffZ` timestamp; -1
 * when it has that shape but names an impossible time; NaN when it has another shape.
 */
export function canonicalUtcMillis(text: string): number {
  const length = text.length;
  if (length !== 20 && length !== 24) return Number.NaN;
  if (
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58 ||
    text.charCodeAt(length - 1) !== 90 ||
    (length === 24 && text.charCodeAt(19) !== 46)
  ) {
    return Number.NaN;
  }
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const millis = length === 24 ? digits(text, 20, 3) : 0;
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || millis < 0) return Number.NaN;
  // Before 1970 is out of the lake's range (and Date.UTC would read years 0-99 as 19xx).
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return -1;
  if (hour > 23 || minute > 59 || second > 59) return -1;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis);
}

/** The decimal number in `text[start, start + count)`, or -1 when a character is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}
