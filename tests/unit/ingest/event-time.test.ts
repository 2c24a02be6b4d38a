import { describe, expect, it } from 'vitest';
import { parseEventTime, parseIsoTimestamp } from '../../../ingest/records/event-time.js';
import { hourPartition } from '../../../ingest/records/lake-paths.js';

const utc = (text: string): number => Date.parse(text);

describe('ISO-8601 event times', () => {
  it('reads UTC, offsets, fractions and a space separator', () => {
    expect(parseIsoTimestamp('2026-01-05T10:15:30Z', 'UTC')).toBe(utc('2026-01-05T10:15:30Z'));
    expect(parseIsoTimestamp('2026-01-05T10:15:30.123456Z', 'UTC')).toBe(utc('2026-01-05T10:15:30.123Z'));
    expect(parseIsoTimestamp('2026-01-05T10:15:30+02:00', 'UTC')).toBe(utc('2026-01-05T08:15:30Z'));
    expect(parseIsoTimestamp('2026-01-05T10:15:30-0530', 'UTC')).toBe(utc('2026-01-05T15:45:30Z'));
    expect(parseIsoTimestamp('2026-01-05 10:15', 'UTC')).toBe(utc('2026-01-05T10:15:00Z'));
  });

  it('reads a time without an offset in the topic zone, across daylight saving time', () => {
    expect(parseIsoTimestamp('2026-01-05T10:00:00', 'Europe/Paris')).toBe(utc('2026-01-05T09:00:00Z'));
    expect(parseIsoTimestamp('2026-07-05T10:00:00', 'Europe/Paris')).toBe(utc('2026-07-05T08:00:00Z'));
    expect(parseIsoTimestamp('2026-03-08T12:00:00', 'America/New_York')).toBe(utc('2026-03-08T16:00:00Z'));
    expect(parseIsoTimestamp('2026-01-05T10:00:00', 'Asia/Kolkata')).toBe(utc('2026-01-05T04:30:00Z'));
    expect(parseIsoTimestamp('2026-01-05T10:00:00', 'UTC', true)).toBeUndefined();
  });

  it('refuses what the generator sends as bad timestamps, and impossible dates', () => {
    for (const bad of ['not-a-timestamp', '2026-01-05T25:61:00Z', '05/01/2026 10:00', '', '2026-02-30T10:00:00Z', '2026-13-01T00:00:00Z', '../../etc/passwd', '2026-01-05T10:00:00+25:00']) {
      expect(parseIsoTimestamp(bad, 'UTC'), bad).toBeUndefined();
    }
    expect(parseEventTime(1767607200000, 'iso8601', 'UTC')).toBeUndefined();
    expect(parseEventTime(null, 'iso8601', 'UTC')).toBeUndefined();
  });

  it('reads epoch seconds and milliseconds when asked, within 1970..9999', () => {
    expect(parseEventTime(1767607200000, 'epoch_millis', 'UTC')).toBe(1767607200000);
    expect(parseEventTime(1767607200.5, 'epoch_seconds', 'UTC')).toBe(1767607200500);
    expect(parseEventTime('1767607200000', 'epoch_millis', 'UTC')).toBeUndefined();
    expect(parseEventTime(-1, 'epoch_millis', 'UTC')).toBeUndefined();
    expect(parseEventTime(1e20, 'epoch_millis', 'UTC')).toBeUndefined();
  });
});

describe('hour partitions', () => {
  it('are the UTC date and hour of the instant', () => {
    expect(hourPartition(utc('2026-01-05T23:59:59.999Z'))).toEqual({ dt: '2026-01-05', hour: '23' });
    expect(hourPartition(utc('2026-01-06T00:00:00Z'))).toEqual({ dt: '2026-01-06', hour: '00' });
    expect(hourPartition(0)).toEqual({ dt: '1970-01-01', hour: '00' });
  });
});
