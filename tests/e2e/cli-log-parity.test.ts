/**
 * Log lines of `run` and `build` as dbt-core 1.11 prints them on the same project: progress lines
 * dotted to 80 characters, the kinds that ran in name order, `Failure in` over an error; the stats
 * line always counts NO-OP, and build's exposures are logged in graph order (each right after
 * what it reads, not all at the end), skipped when what they read did not succeed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, strata } from '../support/cli.js';

let dir: string;
beforeAll(() => {
  dir = copyFixture('cli-log-parity');
});

/** The `N of M ...` lines, without timestamps and dots. */
function progressLines(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((line) => line.replace(/^\d\d:\d\d:\d\d {2}/, ''))
    .filter((line) => /^\d+ of \d+ /.test(line))
    .map((line) => line.replace(/ \.+ \[.*$/, ''));
}

describe('dbt 1.11 log lines', () => {
  it('prints NO-OP=0 on the stats line when nothing was a no-op', async () => {
    const result = await strata(['run'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Done. PASS=3 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=3');
  });

  it("logs build's exposures in graph order, as dbt does with one thread", async () => {
    const result = await strata(['build'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(progressLines(result.stdout)).toEqual([
      '1 of 6 START sql view model main.orders',
      '1 of 6 OK created sql view model main.orders',
      '2 of 6 NO-OP exposure orders_board',
      '3 of 6 START test not_null_orders_id',
      '3 of 6 PASS not_null_orders_id',
      '4 of 6 START sql view model main.order_facts',
      '4 of 6 OK created sql view model main.order_facts',
      '5 of 6 START sql view model main.order_marts',
      '5 of 6 OK created sql view model main.order_marts',
      '6 of 6 NO-OP exposure marts_board',
    ]);
    expect(result.stdout).toContain('Done. PASS=4 WARN=0 ERROR=0 SKIP=0 NO-OP=2 TOTAL=6');
    // the kinds in the order of their names, as dbt 1.11
    expect(result.stdout).toContain('Finished running 2 exposures, 1 test, 3 view models in ');
    // dots to dbt's 80 characters, then the status
    const start = result.stdout.split('\n').find((line) => line.includes('1 of 6 START'))!;
    expect(start.replace(/^\d\d:\d\d:\d\d {2}/, '')).toBe(
      '1 of 6 START sql view model main.orders ........................................ [RUN]',
    );
    const results = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')) as {
      results: Array<{ unique_id: string; status: string }>;
    };
    expect(results.results.map((r) => r.unique_id)).toContain('exposure.log_parity.orders_board');
  });

  it("skips an exposure below a failure, and never holds one back for its model's tests", async () => {
    const file = join(dir, 'models/order_facts.sql');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, "select * from {{ ref('orders') }} where no_such_column = 1");
    try {
      const result = await strata(['build'], { cwd: dir });
      expect(result.code).toBe(1);
      const lines = progressLines(result.stdout);
      expect(lines).toContain('2 of 6 NO-OP exposure orders_board');
      expect(lines.at(-1)).toBe('6 of 6 SKIP exposure marts_board');
      expect(result.stdout).toContain('Completed with 1 error, 0 partial successes, and 0 warnings:');
      // dbt heads the failure, then the error's own heading
      const detail = result.stdout.replace(/^\d\d:\d\d:\d\d {2}/gm, '');
      expect(detail).toContain(
        'Failure in model order_facts (models/order_facts.sql)\n' +
          '  Runtime Error in model order_facts (models/order_facts.sql)\n',
      );
      expect(result.stdout).toContain('Done. PASS=2 WARN=0 ERROR=1 SKIP=2 NO-OP=1 TOTAL=6');
    } finally {
      writeFileSync(file, good);
    }
  });
});
