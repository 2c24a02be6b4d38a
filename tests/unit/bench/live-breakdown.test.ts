/** The live bench's per-minute breakdown read from a watcher's log (bench/live-breakdown.ts). */
import { expect, it } from 'vitest';
import { breakdownByMinute, modelBuilds } from '../../../bench/live-breakdown.js';

const LOG = `23:59:30  Watching the commit feed of 3 topics: lake/orders
23:59:31  1 of 2 OK created sql incremental model main_staging.base_bronze__orders .. [SELECT 31 (6 commits) in 0.25s]
23:59:31  Waiting for commits...
23:59:32  1 of 2 OK created sql incremental model main_staging.base_bronze__orders .. [INSERT 0 8 (2 commits) in 0.20s]
23:59:32  2 of 2 OK created sql incremental model main_marts.fct_orders .. [MERGE 12 (21 new offsets) in 0.16s]
23:59:33  Checkpointed the database: 64.5 MiB of log in 1.50s
00:00:40  1 of 2 OK created sql incremental model main_staging.base_bronze__orders .. [INSERT 0 20 (3 commits) in 0.40s]
00:00:40  2 of 2 OK created sql table model main_gold.funnel_breakdown .. [SELECT 27 in 0.02s]
`;

it("reads each model's build after the first run, its rows and seconds, across midnight", () => {
  expect(modelBuilds(LOG)).toEqual([
    { at: 2, model: 'base_bronze__orders', rows: 8, seconds: 0.2 },
    { at: 2, model: 'fct_orders', rows: 12, seconds: 0.16 },
    { at: 3, model: '(checkpoint, MiB)', rows: 64.5, seconds: 1.5 },
    { at: 70, model: 'base_bronze__orders', rows: 20, seconds: 0.4 },
    { at: 70, model: 'funnel_breakdown', rows: 27, seconds: 0.02 },
  ]);
});

it('tabulates the median per model and minute, and the WAL peak and shrinks', () => {
  const lines = breakdownByMinute(modelBuilds(LOG), [
    { at: 1, bytes: 40 * 2 ** 20 },
    { at: 3, bytes: 0 },
    { at: 61, bytes: 2 ** 20 },
  ]);
  expect(lines[0]).toMatch(/median ms \(rows\)\s+min 1\s+min 2$/);
  expect(lines.find((line) => line.includes('base_bronze__orders'))).toMatch(/200\(8\)\s+400\(20\)$/);
  expect(lines.find((line) => line.includes('fct_orders'))).toMatch(/160\(12\)\s+-$/);
  expect(lines.find((line) => line.includes('WAL peak'))).toMatch(/40\.0M\s+1\.0M$/);
  expect(lines.find((line) => line.includes('WAL shrinks'))).toMatch(/1\s+0$/);
});
