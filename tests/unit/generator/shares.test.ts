import { afterAll, describe, expect, it } from 'vitest';
import { generateBronzeSample } from '../../../ingest/generator/index.js';
import { makeTempDir, removeDir } from '../../support/lake-files.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map(removeDir));
});

async function tallyWith(shares: { malformedShare: number; duplicateShare: number; lateShare: number }) {
  const lakeDir = await makeTempDir();
  dirs.push(lakeDir);
  return generateBronzeSample({ lakeDir, seed: 3, users: 400, days: 3, ...shares });
}

describe('configurable shares', () => {
  it('produces about the requested share of malformed, duplicate and late events', async () => {
    const tally = await tallyWith({ malformedShare: 0.05, duplicateShare: 0.08, lateShare: 0.1 });
    const valid = tally.records.total - tally.malformed.total - tally.duplicates.total;
    expect(tally.malformed.total / valid).toBeCloseTo(0.05, 1);
    expect(tally.duplicates.total / valid).toBeCloseTo(0.08, 1);
    expect(tally.late.total / valid).toBeCloseTo(0.1, 1);
    expect(Math.abs(tally.malformed.total / valid - 0.05)).toBeLessThan(0.01);
    expect(Math.abs(tally.duplicates.total / valid - 0.08)).toBeLessThan(0.01);
    // Every kind of breakage shows up.
    expect(Object.keys(tally.malformed.byReason).sort()).toEqual(
      ['bad_timestamp', 'missing_id', 'negative_value', 'unknown_event_type', 'wrong_type'].sort(),
    );
  });

  it('produces none when the shares are zero, and the same business events either way', async () => {
    const clean = await tallyWith({ malformedShare: 0, duplicateShare: 0, lateShare: 0 });
    const noisy = await tallyWith({ malformedShare: 0.05, duplicateShare: 0.08, lateShare: 0.1 });
    expect(clean.malformed.total).toBe(0);
    expect(clean.duplicates.total).toBe(0);
    expect(clean.late.total).toBe(0);
    expect(clean.partitionedByKafkaTime).toBe(0);
    expect(noisy.events).toEqual(clean.events);
    expect(noisy.orders).toEqual(clean.orders);
    expect(noisy.sessions).toEqual(clean.sessions);
  });
});
