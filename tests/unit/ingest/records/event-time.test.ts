import { describe, expect, it } from 'vitest';
import { parseEventTime, parseIsoTimestamp } from '../../../../ingest/records/event-time.js';
import { hourPartition } from '../../../../ingest/records/lake-paths.js';
import { canonicalUtcMillis, isoMillis } from '../../../../ingest/records/utc-instant.js';

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
    for (const bad of [
      'not-a-timestamp',
      '2026-01-05T25:61:00Z',
      '05/01/2026 10:00',
      '',
      '2026-02-30T10:00:00Z',
      '2026-13-01T00:00:00Z',
      '../../etc/passwd',
      '2026-01-05T10:00:00+25:00',
    ]) {
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

describe('the per-record fast paths agree with Date', () => {
  it('formats Kafka timestamps as toISOString does, across seconds, hours and years', () => {
    const starts = [
      0,
      Date.parse('2026-01-05T10:59:59.998Z'),
      Date.parse('2024-02-29T23:59:59.000Z'),
      Date.parse('9999-12-31T23:59:58.000Z'),
    ];
    for (const start of starts) {
      for (let step = 0; step < 2_500; step += 7)
        expect(isoMillis(start + step)).toBe(new Date(start + step).toISOString());
    }
    // Going back in time after the cache holds a later second.
    expect(isoMillis(Date.parse('2026-01-05T10:00:00.001Z'))).toBe('2026-01-05T10:00:00.001Z');
    expect(isoMillis(1.5)).toBe(new Date(1.5).toISOString());
  });

  it('reads YYYY-MM-DDTHH:MM:SS[.fff]Z as Date.parse does, and refuses impossible ones', () => {
    let ms = Date.parse('1970-01-01T00:00:00Z');
    while (ms < Date.parse('2100-01-01T00:00:00Z')) {
      const iso = new Date(ms).toISOString();
      expect(canonicalUtcMillis(iso), iso).toBe(ms);
      expect(parseIsoTimestamp(iso.replace(/\.\d{3}Z$/, 'Z'), 'UTC')).toBe(Math.floor(ms / 1000) * 1000);
      ms += 86_399_937 * 3 + 123;
    }
    for (const impossible of [
      '2026-02-29T00:00:00Z',
      '2024-02-30T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-04-31T00:00:00.000Z',
      '2026-01-05T24:00:00Z',
      '0050-01-01T00:00:00Z',
    ]) {
      expect(canonicalUtcMillis(impossible), impossible).toBe(-1);
      expect(parseIsoTimestamp(impossible, 'UTC'), impossible).toBeUndefined();
    }
    expect(canonicalUtcMillis('2024-02-29T12:00:00Z')).toBe(Date.parse('2024-02-29T12:00:00Z'));
    for (const other of [
      '2026-01-05T10:15:30+02:00',
      '2026-01-05 10:15:30Z',
      '2026-01-05T10:15:30.1Z',
      '2026-0a-05T10:15:30Z',
      '2026-01-05T10:15:30z',
    ]) {
      expect(canonicalUtcMillis(other), other).toBeNaN();
    }
    expect(parseIsoTimestamp('0050-01-01T00:00:00+01:00', 'UTC')).toBeUndefined();
  });
});
