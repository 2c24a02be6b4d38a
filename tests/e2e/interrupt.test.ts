import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, queryDuckDb, strata } from '../support/cli.js';

describe('Ctrl-C during a run', () => {
  it('cancels the running query, skips what did not start, leaves no half-built table, exits 130', async () => {
    const dir = copyFixture('slow');
    const result = await strata(['run', '--threads', '1'], {
      cwd: dir,
      onSpawn: (kill, output) => {
        const poll = setInterval(() => {
          if (output().includes('START sql table model main.forever')) {
            clearInterval(poll);
            setTimeout(() => kill('SIGINT'), 300);
          }
        }, 50);
      },
    });
    expect(result.code).toBe(130);
    expect(result.stdout).toMatch(/Cancelling/);
    expect(result.stdout).toMatch(/SKIP relation main\.after_forever/);
    expect(result.stdout).toMatch(/Stopped by Ctrl-C/);
    const tables = await queryDuckDb(
      join(dir, 'target/slow.duckdb'),
      "select table_name from information_schema.tables where table_schema = 'main' order by 1",
    );
    expect(tables).toEqual([{ table_name: 'a_quick' }]);
  });
});
