/**
 * `modules.datetime` (and `run_started_at`): the parts of Python's datetime dbt code uses.
 * A datetime is an instant in milliseconds plus microseconds and an optional time zone;
 * a naive one (no zone) keeps its wall-clock fields as if in UTC. Python's `+`/`-` reach
 * `add(timedelta)` / `subtract(timedelta)` through python-arithmetic.ts.
 */
import { StrataError } from '../../errors/strata-error.js';
import { splitArguments } from '../template-args.js';

const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const MS_PER_DAY = 86_400_000;

/** A fixed offset (`datetime.timezone.utc`) or a named zone (`pytz.timezone('Europe/Paris')`). */
export class PyTimezone {
  constructor(
    readonly zone: string,
    private readonly fixedMinutes?: number,
  ) {}

  /** Minutes east of UTC at the instant `ms`. */
  offsetMinutes(ms: number): number {
    if (this.fixedMinutes !== undefined) return this.fixedMinutes;
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: this.zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    }).formatToParts(new Date(ms));
    const field = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
    const wall = Date.UTC(
      field('year'),
      field('month') - 1,
      field('day'),
      field('hour'),
      field('minute'),
      field('second'),
    );
    return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
  }

  toString(): string {
    return this.zone;
  }

  static readonly utc = new PyTimezone('UTC', 0);

  /** `pytz.timezone(name)`: an IANA zone name. */
  static named(name: unknown): PyTimezone {
    const zone = String(name);
    if (zone.toUpperCase() === 'UTC') return PyTimezone.utc;
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
    } catch {
      throw new StrataError(`Unknown time zone '${zone}'`, { hint: "Use an IANA name such as 'Europe/Paris'." });
    }
    return new PyTimezone(zone);
  }
}

/** Python's `timedelta`, normalized to days, seconds and microseconds as Python does. */
export class PyTimedelta {
  readonly days: number;
  readonly seconds: number;
  readonly microseconds: number;

  constructor(totalMicroseconds: number) {
    const micro = Math.round(totalMicroseconds);
    this.days = Math.floor(micro / (MS_PER_DAY * 1000));
    const rest = micro - this.days * MS_PER_DAY * 1000;
    this.seconds = Math.floor(rest / 1e6);
    this.microseconds = rest - this.seconds * 1e6;
  }

  static create(...args: unknown[]): PyTimedelta {
    const { positional, keywords } = splitArguments(args);
    const names = ['days', 'seconds', 'microseconds', 'milliseconds', 'minutes', 'hours', 'weeks'];
    const units = [MS_PER_DAY * 1000, 1e6, 1, 1000, 60e6, 3600e6, 7 * MS_PER_DAY * 1000];
    let total = 0;
    names.forEach((name, index) => {
      const value = Number(positional[index] ?? keywords[name] ?? 0);
      total += value * units[index]!;
    });
    return new PyTimedelta(total);
  }

  get totalMicroseconds(): number {
    return (this.days * 86_400 + this.seconds) * 1e6 + this.microseconds;
  }

  total_seconds(): number {
    return this.totalMicroseconds / 1e6;
  }

  valueOf(): number {
    return this.totalMicroseconds;
  }

  /** numbers for comparisons, text when printed or joined */
  [Symbol.toPrimitive](hint: string): number | string {
    return hint === 'number' ? this.valueOf() : this.toString();
  }

  toString(): string {
    const hours = Math.floor(this.seconds / 3600);
    const clock = `${hours}:${pad(Math.floor(this.seconds / 60) % 60)}:${pad(this.seconds % 60)}`;
    const micro = this.microseconds ? `.${pad(this.microseconds, 6)}` : '';
    const days = this.days ? `${this.days} day${Math.abs(this.days) === 1 ? '' : 's'}, ` : '';
    return `${days}${clock}${micro}`;
  }
}

/** The calendar and clock fields of a datetime, as its zone shows them. */
interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
  /** 0 = Monday, as Python's weekday() */
  weekday: number;
  yday: number;
  offsetMinutes: number | undefined;
}

/** Python's `datetime.datetime`. */
export class PyDatetime {
  constructor(
    /** the instant (naive: the wall-clock fields read as UTC), whole milliseconds */
    readonly ms: number,
    readonly micro: number,
    readonly tzinfo: PyTimezone | null,
  ) {}

  static fromDate(date: Date, tz: PyTimezone | null = PyTimezone.utc): PyDatetime {
    return new PyDatetime(date.getTime(), (date.getTime() % 1000) * 1000, tz);
  }

  /** `datetime(year, month, day, hour=0, minute=0, second=0, microsecond=0, tzinfo=None)` */
  static create(...args: unknown[]): PyDatetime {
    const { positional, keywords } = splitArguments(args);
    const names = ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond', 'tzinfo'];
    const value = (index: number) => positional[index] ?? keywords[names[index]!];
    const number = (index: number, fallback: number) => Number(value(index) ?? fallback);
    const micro = number(6, 0);
    const wall = Date.UTC(number(0, 1970), number(1, 1) - 1, number(2, 1), number(3, 0), number(4, 0), number(5, 0));
    const tz = (value(7) as PyTimezone | undefined) ?? null;
    return PyDatetime.fromWall(wall + Math.floor(micro / 1000), micro, tz);
  }

  /** A datetime whose zone shows the wall-clock time `wallMs` (fields read as UTC). */
  static fromWall(wallMs: number, micro: number, tz: PyTimezone | null): PyDatetime {
    if (!tz) return new PyDatetime(wallMs, micro, null);
    const guess = wallMs - tz.offsetMinutes(wallMs) * 60_000;
    return new PyDatetime(wallMs - tz.offsetMinutes(guess) * 60_000, micro, tz);
  }

  static now(tz?: unknown): PyDatetime {
    const now = Date.now();
    if (tz instanceof PyTimezone) return new PyDatetime(now, (now % 1000) * 1000, tz);
    // naive local time, as Python's now(): the process's zone
    return new PyDatetime(now - new Date(now).getTimezoneOffset() * 60_000, (now % 1000) * 1000, null);
  }

  static utcnow(): PyDatetime {
    const now = Date.now();
    return new PyDatetime(now, (now % 1000) * 1000, null);
  }

  static strptime(text: unknown, format: unknown): PyDatetime {
    return strptime(String(text), String(format));
  }

  static fromisoformat(text: unknown): PyDatetime {
    const match =
      /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(
        String(text).trim(),
      );
    if (!match) throw new StrataError(`Invalid isoformat string: '${String(text)}'`);
    const [, y, mo, d, h, mi, s, fraction, zone] = match;
    const micro = Number((fraction ?? '').padEnd(6, '0'));
    const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
    return PyDatetime.fromWall(wall + Math.floor(micro / 1000), micro, zone ? fixedZone(zone) : null);
  }

  private fields(): Fields {
    const offsetMinutes = this.tzinfo?.offsetMinutes(this.ms);
    const wall = new Date(this.ms + (offsetMinutes ?? 0) * 60_000);
    const startOfYear = Date.UTC(wall.getUTCFullYear(), 0, 1);
    return {
      year: wall.getUTCFullYear(),
      month: wall.getUTCMonth() + 1,
      day: wall.getUTCDate(),
      hour: wall.getUTCHours(),
      minute: wall.getUTCMinutes(),
      second: wall.getUTCSeconds(),
      microsecond: this.micro,
      weekday: (wall.getUTCDay() + 6) % 7,
      yday: Math.floor((wall.getTime() - startOfYear) / MS_PER_DAY) + 1,
      offsetMinutes,
    };
  }

  get year(): number {
    return this.fields().year;
  }
  get month(): number {
    return this.fields().month;
  }
  get day(): number {
    return this.fields().day;
  }
  get hour(): number {
    return this.fields().hour;
  }
  get minute(): number {
    return this.fields().minute;
  }
  get second(): number {
    return this.fields().second;
  }
  get microsecond(): number {
    return this.micro;
  }

  weekday(): number {
    return this.fields().weekday;
  }

  isoweekday(): number {
    return this.fields().weekday + 1;
  }

  timestamp(): number {
    return (this.ms - (this.ms % 1000)) / 1000 + this.micro / 1e6;
  }

  date(): PyDate {
    const { year, month, day } = this.fields();
    return new PyDate(year, month, day);
  }

  strftime(format: unknown): string {
    return strftime(this.fields(), String(format), this.tzinfo);
  }

  isoformat(sep: unknown = 'T'): string {
    const f = this.fields();
    const time = `${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}${f.microsecond ? `.${pad(f.microsecond, 6)}` : ''}`;
    return `${f.year}-${pad(f.month)}-${pad(f.day)}${String(sep)}${time}${offsetText(f.offsetMinutes, ':')}`;
  }

  /** The same instant shown in `tz` (naive datetimes are read as UTC, the zone dbt runs in). */
  astimezone(tz?: unknown): PyDatetime {
    const zone =
      tz instanceof PyTimezone ? tz : tz === undefined || tz === null ? PyTimezone.utc : PyTimezone.named(tz);
    return new PyDatetime(this.ms, this.micro, zone);
  }

  /** `replace(year=..., tzinfo=None, ...)`: the same wall-clock fields with some changed. */
  replace(...args: unknown[]): PyDatetime {
    const { keywords } = splitArguments(args);
    const f = this.fields();
    const get = (name: keyof Fields) => Number(keywords[name] ?? f[name]);
    const micro = get('microsecond');
    const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
    const tz = 'tzinfo' in keywords ? ((keywords.tzinfo as PyTimezone | null) ?? null) : this.tzinfo;
    return PyDatetime.fromWall(wall + Math.floor(micro / 1000), micro, tz);
  }

  /** Python's `self + timedelta`. */
  add(delta: PyTimedelta): PyDatetime {
    const total = this.micro + delta.totalMicroseconds;
    const wholeSeconds = Math.floor(total / 1e6);
    const micro = total - wholeSeconds * 1e6;
    const secondStart = Math.floor(this.ms / 1000) * 1000;
    return new PyDatetime(secondStart + wholeSeconds * 1000 + Math.floor(micro / 1000), micro, this.tzinfo);
  }

  /** Python's `self - timedelta`. */
  subtract(delta: PyTimedelta): PyDatetime {
    return this.add(new PyTimedelta(-delta.totalMicroseconds));
  }

  valueOf(): number {
    return this.ms;
  }

  [Symbol.toPrimitive](hint: string): number | string {
    return hint === 'number' ? this.valueOf() : this.toString();
  }

  /** Python's `str(datetime)`: isoformat with a space. */
  toString(): string {
    return this.isoformat(' ');
  }
}

/** Python's `datetime.date`. */
export class PyDate {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
  ) {}

  static create(...args: unknown[]): PyDate {
    const { positional, keywords } = splitArguments(args);
    return new PyDate(
      Number(positional[0] ?? keywords.year),
      Number(positional[1] ?? keywords.month),
      Number(positional[2] ?? keywords.day),
    );
  }

  static today(): PyDate {
    return PyDatetime.now().date();
  }

  static fromisoformat(text: unknown): PyDate {
    return PyDatetime.fromisoformat(text).date();
  }

  private asDatetime(): PyDatetime {
    return new PyDatetime(Date.UTC(this.year, this.month - 1, this.day), 0, null);
  }

  weekday(): number {
    return this.asDatetime().weekday();
  }

  isoweekday(): number {
    return this.asDatetime().isoweekday();
  }

  strftime(format: unknown): string {
    return this.asDatetime().strftime(format);
  }

  isoformat(): string {
    return `${this.year}-${pad(this.month)}-${pad(this.day)}`;
  }

  add(delta: PyTimedelta): PyDate {
    return this.asDatetime().add(delta).date();
  }

  subtract(delta: PyTimedelta): PyDate {
    return this.asDatetime().subtract(delta).date();
  }

  valueOf(): number {
    return this.asDatetime().valueOf();
  }

  [Symbol.toPrimitive](hint: string): number | string {
    return hint === 'number' ? this.valueOf() : this.toString();
  }

  toString(): string {
    return this.isoformat();
  }
}

function pad(value: number, width = 2): string {
  return String(Math.abs(value)).padStart(width, '0');
}

function offsetText(minutes: number | undefined, separator: string): string {
  if (minutes === undefined) return '';
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}${separator}${pad(Math.abs(minutes) % 60)}`;
}

function fixedZone(text: string): PyTimezone {
  if (text === 'Z') return PyTimezone.utc;
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(text)!;
  const minutes = (Number(match[2]) * 60 + Number(match[3])) * (match[1] === '-' ? -1 : 1);
  return minutes === 0 ? PyTimezone.utc : new PyTimezone(`UTC${offsetText(minutes, ':')}`, minutes);
}

function strftime(f: Fields, format: string, tz: PyTimezone | null): string {
  const hour12 = f.hour % 12 === 0 ? 12 : f.hour % 12;
  const directives: Record<string, () => string> = {
    Y: () => String(f.year),
    y: () => pad(f.year % 100),
    m: () => pad(f.month),
    d: () => pad(f.day),
    H: () => pad(f.hour),
    I: () => pad(hour12),
    M: () => pad(f.minute),
    S: () => pad(f.second),
    f: () => pad(f.microsecond, 6),
    p: () => (f.hour < 12 ? 'AM' : 'PM'),
    j: () => pad(f.yday, 3),
    a: () => DAY_NAMES[f.weekday]!.slice(0, 3),
    A: () => DAY_NAMES[f.weekday]!,
    b: () => MONTH_NAMES[f.month - 1]!.slice(0, 3),
    B: () => MONTH_NAMES[f.month - 1]!,
    w: () => String((f.weekday + 1) % 7),
    z: () => offsetText(f.offsetMinutes, ''),
    Z: () => (tz ? tz.zone : ''),
    '%': () => '%',
  };
  return format.replace(/%(.)/g, (whole, directive: string) => directives[directive]?.() ?? whole);
}

/** Python's `strptime` for the numeric directives and month names. */
function strptime(text: string, format: string): PyDatetime {
  const patterns: Record<string, string> = {
    Y: '(?<Y>\\d{4})',
    y: '(?<y>\\d{2})',
    m: '(?<m>\\d{1,2})',
    d: '(?<d>\\d{1,2})',
    H: '(?<H>\\d{1,2})',
    M: '(?<M>\\d{1,2})',
    S: '(?<S>\\d{1,2})',
    f: '(?<f>\\d{1,6})',
    b: '(?<b>[A-Za-z]{3})',
    B: '(?<B>[A-Za-z]+)',
    z: '(?<z>Z|[+-]\\d{2}:?\\d{2})',
    '%': '%',
  };
  let source = '';
  for (let i = 0; i < format.length; i++) {
    const char = format[i]!;
    if (char === '%' && i + 1 < format.length) {
      const directive = format[++i]!;
      const pattern = patterns[directive];
      if (!pattern) throw new StrataError(`strptime: the directive %${directive} is not supported`);
      source += pattern;
    } else {
      source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  const groups = new RegExp(`^${source}$`).exec(text)?.groups;
  if (!groups) throw new StrataError(`time data '${text}' does not match format '${format}'`);
  const monthName = groups.B ?? groups.b;
  const month = monthName
    ? MONTH_NAMES.findIndex((name) => name.toLowerCase().startsWith(monthName.toLowerCase())) + 1
    : Number(groups.m ?? 1);
  const year = groups.Y
    ? Number(groups.Y)
    : groups.y
      ? 2000 + Number(groups.y) - (Number(groups.y) >= 69 ? 100 : 0)
      : 1900;
  const micro = Number((groups.f ?? '').padEnd(6, '0'));
  const wall = Date.UTC(
    year,
    month - 1,
    Number(groups.d ?? 1),
    Number(groups.H ?? 0),
    Number(groups.M ?? 0),
    Number(groups.S ?? 0),
  );
  return PyDatetime.fromWall(wall + Math.floor(micro / 1000), micro, groups.z ? fixedZone(groups.z) : null);
}

/** `modules.datetime`: the module, with its classes as dbt code reaches them. */
export const datetimeModule = {
  datetime: Object.assign((...args: unknown[]) => PyDatetime.create(...args), {
    now: PyDatetime.now,
    utcnow: PyDatetime.utcnow,
    today: () => PyDatetime.now(),
    strptime: PyDatetime.strptime,
    fromisoformat: PyDatetime.fromisoformat,
  }),
  date: Object.assign((...args: unknown[]) => PyDate.create(...args), {
    today: PyDate.today,
    fromisoformat: PyDate.fromisoformat,
  }),
  timedelta: (...args: unknown[]) => PyTimedelta.create(...args),
  timezone: { utc: PyTimezone.utc },
};

/** `modules.pytz`: `pytz.utc` and `pytz.timezone(name)`. */
export const pytzModule = { utc: PyTimezone.utc, UTC: PyTimezone.utc, timezone: PyTimezone.named };
