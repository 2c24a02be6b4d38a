/**
 * Which batches a microbatch model builds, at the edges where dbt's microbatch has had
 * off-by-one and gap bugs (each test names the dbt issue).
 */
import { describe, expect, it } from 'vitest';
import type { BatchSize } from '../../../src/config/microbatch-config.js';
import { parseEventTime } from '../../../src/config/microbatch-config.js';
import type { ModelNode } from '../../../src/manifest/types.js';
import { batchId, formatBatchStart, splitIntoBatches } from '../../../src/microbatch/batch-window.js';
import { planBatches } from '../../../src/microbatch/plan-batches.js';
import { StrataError } from '../../../src/errors/strata-error.js';

const at = (text: string) => new Date(text.includes('T') ? text : `${text}T00:00:00Z`);

function model(config: Partial<ModelNode['config']> = {}): ModelNode {
  return {
    uniqueId: 'model.shop.daily',
    name: 'daily',
    origin: { file: 'models/daily.sql', line: 1 },
    config: {
      enabled: true,
      materialized: 'incremental',
      incrementalStrategy: 'microbatch',
      eventTime: 'occurred_at',
      batchSize: 'day',
      tags: [],
      extra: {},
      ...config,
    },
  } as unknown as ModelNode;
}

/** The batches as `[start, end)` labels, e.g. `2024-10-16..2024-10-17`. */
function labels(windows: Array<{ start: Date; end: Date }>): string[] {
  return windows.map((w) => `${w.start.toISOString().slice(0, 16)}..${w.end.toISOString().slice(0, 16)}`);
}

describe('planBatches', () => {
  it('runs the current batch and one before it by default (dbt-labs/dbt-core#10867: lookback 1)', () => {
    const batches = planBatches({ model: model(), incremental: true, now: at('2024-10-17T13:04:39Z') });
    expect(labels(batches)).toEqual(['2024-10-16T00:00..2024-10-17T00:00', '2024-10-17T00:00..2024-10-18T00:00']);
  });

  it('runs lookback + 1 batches (dbt-labs/dbt-core#15477: lookback 3 is four batches)', () => {
    const batches = planBatches({ model: model({ lookback: 3 }), incremental: true, now: at('2024-10-01T09:00:00Z') });
    expect(batches.map((b) => formatBatchStart(b.start, 'day'))).toEqual([
      '2024-09-28',
      '2024-09-29',
      '2024-09-30',
      '2024-10-01',
    ]);
  });

  it('runs only the current batch with lookback 0', () => {
    const batches = planBatches({ model: model({ lookback: 0 }), incremental: true, now: at('2024-10-17T13:00:00Z') });
    expect(labels(batches)).toEqual(['2024-10-17T00:00..2024-10-18T00:00']);
  });

  it('ends at a whole batch, so a date event_time never gets an empty last batch (dbt-labs/dbt-core#10868)', () => {
    const [last] = planBatches({ model: model(), incremental: true, now: at('2024-10-16T11:29:34Z') }).slice(-1);
    expect(labels([last!])).toEqual(['2024-10-16T00:00..2024-10-17T00:00']);
  });

  it('at a batch boundary, the batch that just closed is the current one and no empty batch follows', () => {
    // dbt-labs/dbt-core#10824: never a batch whose start equals its end
    const batches = planBatches({ model: model(), incremental: true, now: at('2024-10-17T00:00:00Z') });
    expect(labels(batches)).toEqual(['2024-10-15T00:00..2024-10-16T00:00', '2024-10-16T00:00..2024-10-17T00:00']);
  });

  it('builds from begin on a first build, truncated to its batch', () => {
    const batches = planBatches({
      model: model({ begin: at('2024-10-14T15:00:00Z') }),
      incremental: false,
      now: at('2024-10-16T08:00:00Z'),
    });
    expect(batches.map((b) => batchId(b.start, 'day'))).toEqual(['20241014', '20241015', '20241016']);
  });

  it('refuses a first build without begin, naming the model file', () => {
    try {
      planBatches({ model: model(), incremental: false, now: at('2024-10-16') });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(StrataError);
      expect((error as StrataError).message).toContain("needs 'begin'");
      expect((error as StrataError).location?.file).toBe('models/daily.sql');
    }
  });

  it('covers an --event-time window with whole batches, the end exclusive (dbt-labs/docs.getdbt.com#8351)', () => {
    const exact = { start: at('2024-10-01'), end: at('2024-10-04') };
    const batches = planBatches({ model: model(), incremental: true, now: at('2024-12-01'), window: exact });
    expect(batches.map((b) => formatBatchStart(b.start, 'day'))).toEqual(['2024-10-01', '2024-10-02', '2024-10-03']);
    const ragged = { start: at('2024-10-01T12:00:00Z'), end: at('2024-10-03T06:00:00Z') };
    const widened = planBatches({ model: model(), incremental: true, now: at('2024-12-01'), window: ragged });
    expect(labels(widened)).toEqual([
      '2024-10-01T00:00..2024-10-02T00:00',
      '2024-10-02T00:00..2024-10-03T00:00',
      '2024-10-03T00:00..2024-10-04T00:00',
    ]);
  });

  it('after missed runs, resumes from the batch of the newest event time in the table', () => {
    // the last run built up to 2024-10-13 10:00; no run since: the 14th and 15th must not be skipped,
    // and the 13th is built again (it may have been partly filled), as the missed run would have
    const batches = planBatches({
      model: model(),
      incremental: true,
      now: at('2024-10-17T13:04:39Z'),
      lastEventTime: at('2024-10-13T10:00:00Z'),
    });
    expect(batches.map((b) => formatBatchStart(b.start, 'day'))).toEqual([
      '2024-10-13',
      '2024-10-14',
      '2024-10-15',
      '2024-10-16',
      '2024-10-17',
    ]);
  });

  it('reaches back lookback - 1 batches more, what the missed runs would have re-read', () => {
    const now = at('2024-10-17T13:04:39Z');
    const batches = planBatches({
      model: model({ lookback: 3 }),
      incremental: true,
      now,
      lastEventTime: at('2024-10-10'),
    });
    expect(formatBatchStart(batches[0]!.start, 'day')).toBe('2024-10-08');
  });

  it('changes nothing when the table is current, empty, or holds event times in the future', () => {
    const now = at('2024-10-17T13:04:39Z');
    const plain = labels(planBatches({ model: model(), incremental: true, now }));
    for (const lastEventTime of [at('2024-10-17T09:00:00Z'), at('2024-10-16T23:00:00Z'), at('2031-01-01'), undefined]) {
      expect(labels(planBatches({ model: model(), incremental: true, now, lastEventTime }))).toEqual(plain);
    }
  });

  it('resumes no earlier than begin, and leaves --event-time-start/-end as given', () => {
    const now = at('2024-10-17T13:04:39Z');
    const lastEventTime = at('2024-10-10T10:00:00Z');
    const begun = planBatches({
      model: model({ begin: at('2024-10-11'), lookback: 3 }),
      incremental: true,
      now,
      lastEventTime,
    });
    expect(formatBatchStart(begun[0]!.start, 'day')).toBe('2024-10-11');
    const window = { start: at('2024-10-16'), end: at('2024-10-17') };
    const named = planBatches({ model: model(), incremental: true, now, lastEventTime, window });
    expect(labels(named)).toEqual(['2024-10-16T00:00..2024-10-17T00:00']);
  });
});

describe('batch windows', () => {
  const split = (start: string, end: string, size: BatchSize) => labels(splitIntoBatches(at(start), at(end), size));

  it('splits months of every length and crosses the year', () => {
    expect(split('2024-01-31', '2024-04-01', 'month')).toEqual([
      '2024-01-01T00:00..2024-02-01T00:00',
      '2024-02-01T00:00..2024-03-01T00:00',
      '2024-03-01T00:00..2024-04-01T00:00',
    ]);
    expect(split('2023-12-15', '2024-01-15', 'month')).toEqual([
      '2023-12-01T00:00..2024-01-01T00:00',
      '2024-01-01T00:00..2024-01-15T00:00',
    ]);
  });

  it('counts hours in UTC, so a daylight-saving change neither loses nor repeats one', () => {
    // Europe's clocks went forward at 01:00 UTC on 2024-03-31
    expect(split('2024-03-31T00:00:00Z', '2024-03-31T03:00:00Z', 'hour')).toEqual([
      '2024-03-31T00:00..2024-03-31T01:00',
      '2024-03-31T01:00..2024-03-31T02:00',
      '2024-03-31T02:00..2024-03-31T03:00',
    ]);
    expect(batchId(at('2024-03-31T02:00:00Z'), 'hour')).toBe('20240331T02');
  });

  it('makes no batch when the window is empty', () => {
    expect(split('2024-01-02', '2024-01-02', 'day')).toEqual([]);
  });

  it('splits years', () => {
    expect(split('2022-06-01', '2024-01-01', 'year')).toEqual([
      '2022-01-01T00:00..2023-01-01T00:00',
      '2023-01-01T00:00..2024-01-01T00:00',
    ]);
  });
});

describe('parseEventTime', () => {
  it('reads dates and times as UTC unless they name an offset', () => {
    expect(parseEventTime('2024-01-01')?.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(parseEventTime('2024-01-01 12:30')?.toISOString()).toBe('2024-01-01T12:30:00.000Z');
    expect(parseEventTime('2024-01-01T00:00:00+09:00')?.toISOString()).toBe('2023-12-31T15:00:00.000Z');
    expect(parseEventTime('2024-01-01T00:00:00.250Z')?.toISOString()).toBe('2024-01-01T00:00:00.250Z');
  });

  it('refuses what is no calendar date', () => {
    expect(parseEventTime('2024-02-30')).toBeUndefined();
    expect(parseEventTime('yesterday')).toBeUndefined();
  });
});
