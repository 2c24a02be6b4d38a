/**
 * Epoch milliseconds as `new Date(ms).toISOString()` writes them, quickly for a stream of
 * nearby instants: the date part is kept for the day last seen and the time of day is
 * written from numbers. Each Avro timestamp column has its own formatter, so columns far
 * apart in time (an event time, a Kafka timestamp) do not evict each other's day.
 */

const MS_PER_DAY = 86_400_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));
/** Year 10000 and on are written `+010000-...`: left to Date, like instants before 1970. */
const YEAR_10000_MS = Date.UTC(10_000, 0, 1);

/** Formats epoch milliseconds as ISO-8601 UTC with milliseconds. */
export class IsoMillisFormatter {
  private day = Number.NaN;
  private prefix = '';

  /** `new Date(ms).toISOString()` (which throws a RangeError outside Date's range). */
  format(ms: number): string {
    if (!Number.isInteger(ms) || ms < 0 || ms >= YEAR_10000_MS) return new Date(ms).toISOString();
    const day = Math.floor(ms / MS_PER_DAY);
    if (day !== this.day) {
      this.prefix = new Date(day * MS_PER_DAY).toISOString().slice(0, 11);
      this.day = day;
    }
    let rest = ms - day * MS_PER_DAY;
    const hours = Math.floor(rest / 3_600_000);
    rest -= hours * 3_600_000;
    const minutes = Math.floor(rest / 60_000);
    rest -= minutes * 60_000;
    const seconds = Math.floor(rest / 1000);
    const millis = rest - seconds * 1000;
    return `${this.prefix}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.${THREE_DIGITS[millis]}Z`;
  }
}
