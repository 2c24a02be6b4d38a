/**
 * Times as dbt (Python) writes them in artifacts: `datetime.isoformat()`, which gives six
 * fraction digits (microseconds) and drops the fraction when it is zero.
 */

/** How the UTC zone is spelled: dbt appends `Z` to naive UTC times, aware ones end in `+00:00`. */
export type UtcSuffix = 'Z' | '+00:00';

/** A UTC time in Python's isoformat; a JavaScript time has millisecond precision, so the last three digits are 0. */
export function pythonIsoTime(date: Date, suffix: UtcSuffix = 'Z'): string {
  const seconds = date.toISOString().slice(0, 19);
  const ms = date.getUTCMilliseconds();
  return ms === 0 ? `${seconds}${suffix}` : `${seconds}.${String(ms).padStart(3, '0')}000${suffix}`;
}
