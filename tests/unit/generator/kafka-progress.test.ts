import { describe, expect, it } from 'vitest';
import { formatElapsed, formatProgress, ProgressLine, RateMeter } from '../../../ingest/generator/kafka-progress.js';

describe('progress line', () => {
  it('shows events sent of the total, the rate and the time elapsed', () => {
    expect(formatProgress({ sent: 12_345, total: 100_000, elapsedMs: 2_470, rate: 4_998.4 })).toBe(
      'sent 12,345 / 100,000 events (12.3%)  4,998 events/s  elapsed 0:02',
    );
    expect(formatProgress({ sent: 0, total: 0, elapsedMs: 0, rate: 0 })).toBe(
      'sent 0 / 0 events  0 events/s  elapsed 0:00',
    );
  });

  it('formats elapsed time as m:ss, and h:mm:ss past an hour', () => {
    expect(formatElapsed(59_999)).toBe('0:59');
    expect(formatElapsed(61_000)).toBe('1:01');
    expect(formatElapsed(3_600_000 + 5 * 60_000 + 7_000)).toBe('1:05:07');
  });

  it('measures the rate over the recent window', () => {
    const meter = new RateMeter(1_000);
    expect(meter.rate()).toBe(0);
    meter.record(0, 0);
    meter.record(500, 1_000);
    expect(meter.rate()).toBe(2_000);
    // slower now: the window forgets the fast start
    for (let t = 1_000; t <= 5_000; t += 250) meter.record(t, 1_000 + (t - 500) / 10);
    expect(meter.rate()).toBeCloseTo(100, 5);
  });

  it('redraws in place on a terminal and writes nothing elsewhere', () => {
    const tty: string[] = [];
    const line = new ProgressLine({ isTTY: true, write: (text) => tty.push(text) > 0 });
    line.update('a');
    line.update('b');
    line.finish();
    line.finish();
    expect(tty).toEqual(['\r\x1b[2Ka', '\r\x1b[2Kb', '\n']);

    const piped: string[] = [];
    const silent = new ProgressLine({ isTTY: false, write: (text) => piped.push(text) > 0 });
    silent.update('a');
    silent.finish();
    expect(piped).toEqual([]);
  });
});
