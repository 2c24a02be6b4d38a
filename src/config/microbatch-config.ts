/**
 * dbt's microbatch configs (`event_time`, `batch_size`, `begin`, `lookback`,
 * `concurrent_batches`), read into a NodeConfig. `event_time` applies to every node an
 * incremental microbatch model reads (models, seeds, snapshots, sources); the others to the
 * microbatch model itself.
 */
import type { NodeConfig } from '../manifest/types.js';
import { PyDatetime } from '../templating/dbt-context/py-datetime.js';
import { describeType } from './yaml-shape.js';

/** dbt's batch sizes: a batch is one hour, day, month or year of event time. */
export type BatchSize = 'hour' | 'day' | 'month' | 'year';

export const BATCH_SIZES: readonly BatchSize[] = ['hour', 'day', 'month', 'year'];

type Fail = (message: string, hint?: string) => never;

/** The readers `normalizeConfig` adds for the microbatch keys. */
export const MICROBATCH_FIELDS: Record<string, (config: NodeConfig, value: unknown, fail: Fail) => void> = {
  event_time: (c, v, fail) => {
    if (typeof v !== 'string' || v.trim() === '') fail(`Invalid event_time: expected a column name or expression`);
    c.eventTime = (v as string).trim();
  },
  batch_size: (c, v, fail) => {
    const written = typeof v === 'string' ? v.trim().toLowerCase() : undefined;
    const size = BATCH_SIZES.find((candidate) => candidate === written);
    if (!size) fail(`Invalid batch_size: ${describe(v)}`, `Use one of: ${BATCH_SIZES.join(', ')}.`);
    c.batchSize = size;
  },
  begin: (c, v, fail) => {
    const parsed = parseEventTime(v);
    if (!parsed) {
      fail(
        `Invalid begin: ${describe(v)} is not a date or a date and time`,
        "Write begin: '2024-01-01' or '2024-01-01 00:00:00' (UTC unless it names an offset).",
      );
    }
    c.begin = parsed;
  },
  lookback: (c, v, fail) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      fail(
        `Invalid lookback: ${describe(v)}`,
        'Set lookback to a whole number of batches, 0 or more (microbatch default 1; commit_feed default: no limit).',
      );
    }
    c.lookback = v as number;
  },
  concurrent_batches: (c, v, fail) => {
    if (typeof v !== 'boolean') fail(`Invalid concurrent_batches: expected true or false, got ${describe(v)}`);
    c.concurrentBatches = v as boolean;
  },
};

/**
 * An event time as dbt reads `begin` and `--event-time-start/-end`: an ISO date, or date and
 * time (a space or `T` between), naive ones in UTC; or a `modules.datetime` value. Undefined
 * when the value is none of these.
 */
export function parseEventTime(value: unknown): Date | undefined {
  if (value instanceof PyDatetime) return new Date(value.ms);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== 'string') return undefined;
  const match =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(
      value.trim(),
    );
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const wall = Date.UTC(
    +y!,
    +mo! - 1,
    +d!,
    +(h ?? 0),
    +(mi ?? 0),
    +(s ?? 0),
    Math.floor(Number((fraction ?? '').padEnd(6, '0')) / 1e3),
  );
  const date = new Date(wall - zoneMinutes(zone) * 60_000);
  // Date.UTC rolls 2024-02-30 over into March: refuse what is no calendar date
  const roundTrip = new Date(wall);
  if (roundTrip.getUTCDate() !== +d! || roundTrip.getUTCMonth() !== +mo! - 1) return undefined;
  return date;
}

function zoneMinutes(zone: string | undefined): number {
  if (!zone || zone === 'Z') return 0;
  const digits = zone.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return digits.startsWith('-') ? -minutes : minutes;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : describeType(value);
}
