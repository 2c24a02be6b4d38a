import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { DuckDbDialect } from '../../src/adapters/duckdb/duckdb-dialect.js';
import { compactedTableFiles, lakeFileMatcher } from '../../src/compacted-lake/compacted-table-files.js';
import { strata } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';
import { landHour, readerFiles } from '../unit/ingest/compaction/small-file-lake.js';

// Every file the compactor writes or removes takes longer, as on slow storage, so a kill lands between steps.
const SLOW_STORAGE = pathToFileURL(resolve(import.meta.dirname, 'slow-lake-store.mjs')).href;
/** The log lines of the compactor's steps: a file written, a generation committed, a file removed. */
const STEP = /"msg":"(generation file written|generation committed|replaced file removed)"/g;
const HOURS = ['00', '01', '02', '03'];
const PARTITIONS = [0, 1, 2];
const EXTERNAL = { location: 'lake/orders', format: 'jsonl' as const, partitions: ['dt', 'hour'] };

/** The ids a DuckDB reader of the table reads, with the SQL Strata renders for it: [id, copies]. */
async function duckDbIdCounts(root: string): Promise<Map<string, number>> {
  const location = join(root, 'orders');
  const files = compactedTableFiles(location, 2, lakeFileMatcher('jsonl'));
  const reader = new DuckDbDialect().readExternalSource(EXTERNAL, location, files);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const rows = (
      await connection.runAndReadAll(
        `select json_extract_string(payload, '$.event_id') as id, count(*) as copies from ${reader} group by 1`,
      )
    ).getRowObjectsJS() as Array<{ id: string; copies: bigint }>;
    return new Map(rows.map((row) => [row.id, Number(row.copies)]));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function expectEachOnce(counts: Map<string, number>, expected: number): void {
  expect(counts.size).toBe(expected);
  expect([...counts.values()].every((copies) => copies === 1)).toBe(true);
}

/** Run the compactor, killing it with SIGKILL once it logged `killAfter` steps (if it does). */
function compactRun(dir: string, killAfter?: number) {
  return strata(
    [
      'lake',
      'compact',
      '--config',
      join(dir, 'ingest.yml'),
      '--assume-committed',
      '--retention',
      '0s',
      '--target-file-size',
      '16KiB',
      '--log-level',
      'debug',
    ],
    {
      cwd: dir,
      env: { NODE_OPTIONS: `--import ${SLOW_STORAGE}`, STRATA_TEST_STEP_DELAY_MS: '30' },
      onSpawn: (kill, output) => {
        if (killAfter === undefined) return;
        const poll = setInterval(() => {
          if ((output().match(STEP)?.length ?? 0) >= killAfter) {
            clearInterval(poll);
            kill('SIGKILL');
          }
        }, 5);
      },
    },
  );
}

describe('strata lake compact under SIGKILL', () => {
  it('keeps every record exactly once for readers when killed at any step, and a rerun finishes', async () => {
    const dir = tempDir('strata-compact-kill-');
    const root = join(dir, 'lake');
    let records = 0;
    for (const hour of HOURS) records += await landHour(root, hour, PARTITIONS, 8, 40, Number(hour) * 1000);
    writeFileSync(
      join(dir, 'ingest.yml'),
      [
        'brokers: 127.0.0.1:9092',
        'group_id: strata-ingest',
        'topics: [{ name: orders, table: bronze_orders }]',
        'destination: { path: lake }',
        '',
      ].join('\n'),
    );
    const filesBefore = readerFiles(root).length;
    expect(filesBefore).toBe(HOURS.length * PARTITIONS.length * 8);
    expectEachOnce(await duckDbIdCounts(root), records);

    // Stop runs after 1 to 12 steps: inside a generation, right after its manifest, among the removals.
    const killPoints = [2, 1, 5, 3, 8, 12, 4, 1];
    let killed = 0;
    for (const point of killPoints) {
      const run = await compactRun(dir, point);
      expect(run.code === null || run.code === 0, run.stderr).toBe(true);
      if (run.code === null) killed += 1;
      expectEachOnce(await duckDbIdCounts(root), records);
    }
    // Most kills landed inside a run (a run that got past its kill point finished on its own).
    expect(killed).toBeGreaterThanOrEqual(6);

    const last = await compactRun(dir);
    expect(last.code).toBe(0);
    expectEachOnce(await duckDbIdCounts(root), records);
    expect(readerFiles(root).length).toBeLessThan(HOURS.length * 3);
  }, 120_000);
});
