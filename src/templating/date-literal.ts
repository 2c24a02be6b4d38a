import type { DatePart } from '../adapters/contract.js';

/** A date or timestamp written as a literal in SQL, read at compile time (no time zone). */
export interface LiteralMoment {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const MOMENT = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;
const TYPE = '(?:date|timestamp(?:\\s*\\(\\s*\\d+\\s*\\))?(?:_ntz)?|datetime)';
/** The literal forms: 'x', date 'x', 'x'::date, cast('x' as date), to_date('x'[, fmt]). */
const FORMS = [
  /^'([^']*)'$/i,
  new RegExp(`^${TYPE}\\s*'([^']*)'$`, 'i'),
  new RegExp(`^'([^']*)'\\s*::\\s*${TYPE}$`, 'i'),
  new RegExp(`^cast\\s*\\(\\s*'([^']*)'\\s+as\\s+${TYPE}\\s*\\)$`, 'i'),
  /^(?:to_date|to_timestamp)\s*\(\s*'([^']*)'\s*(?:,\s*'[^']*'\s*)?\)$/i,
];

/** The moment a SQL date or timestamp literal names, or undefined when it is not one. */
export function readDateLiteral(sql: string): LiteralMoment | undefined {
  const text = sql.trim();
  for (const form of FORMS) {
    const literal = form.exec(text)?.[1];
    const parts = literal === undefined ? null : MOMENT.exec(literal.trim());
    if (!parts) continue;
    const [year, month, day, hour, minute, second] = parts.slice(1).map((p) => Number(p ?? 0));
    const moment = { year: year!, month: month!, day: day!, hour: hour!, minute: minute!, second: second! };
    return isValid(moment) ? moment : undefined;
  }
  return undefined;
}

/** Whether year, month and day name a day of the calendar (Feb 29 only in leap years). */
export function isCalendarDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isValid(m: LiteralMoment): boolean {
  return isCalendarDay(m.year, m.month, m.day) && m.hour < 24 && m.minute < 60 && m.second < 60;
}

const DAY_MS = 86_400_000;
const UNIT_MS: Partial<Record<DatePart, number>> = { second: 1000, minute: 60_000, hour: 3_600_000, day: DAY_MS };

/**
 * The number of `part` boundaries crossed from `start` to `end`, as the dialects'
 * `dateDiff` counts them (weeks start on Monday).
 */
export function boundariesBetween(start: LiteralMoment, end: LiteralMoment, part: DatePart): number {
  const months = (m: LiteralMoment) => m.year * 12 + m.month - 1;
  switch (part) {
    case 'year':
      return end.year - start.year;
    case 'quarter':
      return Math.floor(months(end) / 3) - Math.floor(months(start) / 3);
    case 'month':
      return months(end) - months(start);
    case 'week':
      return (mondayOf(end) - mondayOf(start)) / (7 * DAY_MS);
    default: {
      const unit = UNIT_MS[part]!;
      return Math.floor(epochMs(end) / unit) - Math.floor(epochMs(start) / unit);
    }
  }
}

function epochMs(m: LiteralMoment): number {
  return Date.UTC(m.year, m.month - 1, m.day, m.hour, m.minute, m.second);
}

function mondayOf(m: LiteralMoment): number {
  const day = Date.UTC(m.year, m.month - 1, m.day);
  const sinceMonday = (new Date(day).getUTCDay() + 6) % 7;
  return day - sinceMonday * DAY_MS;
}
